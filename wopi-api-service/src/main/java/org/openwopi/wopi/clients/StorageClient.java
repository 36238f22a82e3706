package org.openwopi.wopi.clients;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/**
 * storage-service, as wopi-api-service uses it: metadata as JSON, file contents streamed with back-pressure (never
 * held in memory). A refusal fails with a {@link DependencyException} carrying the problem's members; a service
 * that cannot be reached or does not answer in time fails with what {@code protocol/Failures} turns into 503.
 */
public interface StorageClient {

    /** The service's name, the audience of the credential it accepts. */
    String SERVICE = "storage-service";

    Uni<FileMeta> file(String id);

    /** The file, its folder's name and the user's UserInfo, in one call (what CheckFileInfo needs). */
    Uni<FileContext> fileContext(String id, String userId);

    /** Rename; {@code fencingToken} (the lock's, or null) and {@code ifMatch} (a version's ETag, or null) guard it. */
    Uni<FileMeta> rename(String id, Long fencingToken, String ifMatch, String name);

    Uni<Void> delete(String id, Long fencingToken, String ifMatch);

    Uni<List<VersionMeta>> versions(String id);

    Uni<FileMeta> restore(String id, long version, Long fencingToken, String modifiedBy);

    Uni<Void> putUserInfo(String userId, String info);

    Uni<ContainerMeta> container(String id);

    Uni<ContainerMeta> createContainer(String name, String parentId, String ownerId);

    Uni<ContainerMeta> renameContainer(String id, String name);

    Uni<Void> deleteContainer(String id);

    /**
     * A page of what {@code userId} may see in the folder, by keyset ({@code after}: the previous page's {@code next},
     * null for the first).
     */
    Uni<Children> children(String id, String userId, String after, int limit);

    /** What has this name in the folder (any owner, case ignored), or null when nothing. */
    Uni<Entry> entry(String folderId, String name);

    /** The name, or the first "name (n).ext" free in the folder. */
    Uni<String> freeName(String folderId, String name);

    /** The user's home folder (their top level), made on first use. */
    Uni<ContainerMeta> home(String userId);

    /** From the top level (the home, left out) down to the folder's parent. */
    Uni<List<ContainerMeta>> ancestors(String folderId);

    /** The file's current content, ready to be sent on; a refusal (404, ...) fails before anything is sent. */
    Uni<Download> download(String fileId);

    /**
     * A new version of the file from {@code body}, admitted by the upload limits for {@code userId}.
     *
     * @param headers storage-service's conditions and annotations (If-Match, X-Fencing-Token, X-Modified-By, ...)
     */
    Uni<FileMeta> upload(String fileId, RequestBody body, Map<String, String> headers, String userId);

    /** A new file in the folder from {@code body}, uploaded by its owner. */
    Uni<FileMeta> create(String name, String ownerId, String containerId, RequestBody body);

    /** Records a person who signed in as their identity provider describes them now (name and groups). */
    Uni<Person> saw(String userId, String displayName, List<String> groups);

    /**
     * The strongest role ({@code viewer}, {@code editor}) the person's shares give them on the file or folder (its own
     * and every folder's above it), or null when none; ownership is not a share.
     *
     * @param itemType {@code file} or {@code folder}
     */
    Uni<String> sharedRole(String itemType, String itemId, String userId);

    /** The shares of a file or folder ({@code itemType} {@code file} or {@code folder}). */
    Uni<List<ShareMeta>> shares(String itemType, String itemId);

    Uni<ShareMeta> share(String shareId);

    /** A new share; refused (400) for unknown grantees, the owner, a home, a duplicate; 404 for an unknown item. */
    Uni<ShareMeta> createShare(NewShare share);

    Uni<ShareMeta> changeShare(String shareId, String role);

    Uni<Void> deleteShare(String shareId);

    /** A page of what is shared with the person and not theirs, by keyset as {@link #children}. */
    Uni<SharedPage> sharedWith(String userId, String after, int limit);

    /**
     * Keeps a save that was refused (a lost or different lock, an older Collabora copy) as the session's unsaved
     * changes of the file ({@code reason}: lock-mismatch, lock-lost, changed, fenced).
     */
    Uni<Unsaved> keepUnsaved(String fileId, RequestBody body, String sessionId, String userId, String reason);

    /** The file's unsaved changes, newest first. */
    Uni<List<Unsaved>> unsaved(String fileId);

    /** A kept save's content. */
    Uni<Download> downloadUnsaved(String fileId, String unsavedId);

    /** Makes a kept save the file's newest version, under the caller's lock's fencing token; it is then forgotten. */
    Uni<FileMeta> restoreUnsaved(String fileId, String unsavedId, long fencingToken, String modifiedBy);

    Uni<Void> deleteUnsaved(String fileId, String unsavedId);

    /** Records activities a WOPI client reported in the file for the user; how many were new. */
    Uni<Integer> addActivities(String fileId, String userId, List<Activity> activities);

    /** A page of the file's activities, newest first; {@code before} is a page's {@code next}. */
    Uni<ActivityPage> activities(String fileId, String before, int limit);

    /** Whether the service is ready (fails when not). */
    /** Appends audit events (at most 500). */
    Uni<Integer> appendAudit(List<AuditEvent> events);

    /** Audit events newest first, filtered by file, user and time (each optional). */
    Uni<AuditPage> audit(String fileId, String userId, Instant from, Instant to, String before, int limit);

    /** Who did what to which item, when, from which WOPI client (null: the user API) and under which correlation id. */
    @RegisterForReflection
    record AuditEvent(Instant at, String userId, String action, String itemType, String itemId, String fileId,
                      String client, String correlationId, String detail) {
    }

    @RegisterForReflection
    record RecordedAuditEvent(long seq, Instant at, String userId, String action, String itemType, String itemId,
                              String fileId, String client, String correlationId, String detail) {
    }

    @RegisterForReflection
    record AuditPage(List<RecordedAuditEvent> events, String next) {
    }

    Uni<Void> readiness();

    /** A file's content on its way out: its length and version are known before the first byte is sent. */
    interface Download {

        long length();

        /** The version being sent (X-WOPI-ItemVersion), or null. */
        String version();

        /** storage-service's ETag of that version, or null. */
        String etag();

        /** Sends the content as the body of {@code response} (whose status and headers are set) and ends it. */
        Uni<Void> sendTo(HttpServerResponse response);

        /** Not wanted after all: the transfer is dropped without reading it. */
        void discard();
    }

    @RegisterForReflection
    record FileMeta(String id, String name, String extension, String containerId, String ownerId, long size,
                    String sha256, long version, long lastFencingToken, String modifiedBy, Instant createdAt,
                    Instant updatedAt) {
    }

    @RegisterForReflection
    record FileContext(FileMeta file, String containerName, String userInfo) {
    }

    @RegisterForReflection
    /** {@code editors}: everyone in the editing session that saved it (co-authors), the writer first. */
    record VersionMeta(String fileId, long version, long size, String sha256, String createdBy, Instant createdAt,
                       boolean autosave, List<String> editors, String name) {
    }

    @RegisterForReflection
    record ContainerMeta(String id, String parentId, String name, String ownerId, String homeOf, Instant createdAt,
                         Instant updatedAt) {

        public boolean home() {
            return homeOf != null;
        }
    }

    @RegisterForReflection
    record Children(List<ContainerMeta> containers, List<FileMeta> files, String next) {
    }

    @RegisterForReflection
    record Person(String id, String displayName, List<String> groups, Instant seenAt) {
    }

    /** {@code itemType} is {@code file} or {@code folder}; {@code granteeType} {@code user} or {@code group}. */
    @RegisterForReflection
    record ShareMeta(String id, String itemType, String itemId, String granteeType, String grantee, String granteeName,
                     String role, String createdBy, Instant createdAt) {
    }

    /** Exactly one of {@code fileId} and {@code containerId}. */
    @RegisterForReflection
    record NewShare(String fileId, String containerId, String granteeType, String grantee, String role, String createdBy) {
    }

    @RegisterForReflection
    record SharedFolder(ContainerMeta folder, String role) {
    }

    @RegisterForReflection
    record SharedFile(FileMeta file, String role) {
    }

    @RegisterForReflection
    record SharedPage(List<SharedFolder> containers, List<SharedFile> files, String next) {
    }

    /** {@code kind} is {@code file} (with {@code file}) or {@code folder} (with {@code containerId}). */
    @RegisterForReflection
    record Entry(String kind, FileMeta file, String containerId) {
    }

    /** A person an activity names, as the WOPI client described them. */
    @RegisterForReflection
    record ActivityPerson(String name, String id, String provider, boolean mentioned, boolean inThread, boolean repliedTo) {
    }

    /** An activity inside a document ({@code clientTime} as the client sent it). */
    @RegisterForReflection
    record Activity(String id, String type, String contentId, String contentAction, String navigationId,
                    String commentText, boolean isReply, List<ActivityPerson> people, String clientTime) {
    }

    /** An activity as recorded: who reported it and when it arrived. */
    @RegisterForReflection
    record RecordedActivity(long seq, String id, String type, String userId, String contentId, String contentAction,
                            String navigationId, String commentText, boolean isReply, List<ActivityPerson> people,
                            String clientTime, Instant recordedAt) {
    }

    @RegisterForReflection
    record ActivityPage(List<RecordedActivity> activities, String next) {
    }

    /** A save the file refused, kept: whose session, why, and its content's size and digest. */
    @RegisterForReflection
    record Unsaved(String id, String fileId, String sessionId, String userId, String reason, long size, String sha256,
                   Instant createdAt) {
    }
}
