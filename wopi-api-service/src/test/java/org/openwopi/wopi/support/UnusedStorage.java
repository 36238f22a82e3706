package org.openwopi.wopi.support;

import java.util.List;
import java.util.Map;

import org.openwopi.wopi.clients.RequestBody;
import org.openwopi.wopi.clients.StorageClient;

import io.smallrye.mutiny.Uni;

/**
 * A {@link StorageClient} double for tests of the operations alone: every call fails unless the test overrides it,
 * so a test says exactly which calls it expects (an unexpected one fails it loudly).
 */
public abstract class UnusedStorage implements StorageClient {

    private static <T> Uni<T> unexpected(String call) {
        return Uni.createFrom().failure(new AssertionError("unexpected call to storage-service: " + call));
    }

    @Override
    public Uni<FileMeta> file(String id) {
        return unexpected("file");
    }

    @Override
    public Uni<FileContext> fileContext(String id, String userId) {
        return unexpected("fileContext");
    }

    @Override
    public Uni<FileMeta> rename(String id, Long fencingToken, String ifMatch, String name) {
        return unexpected("rename");
    }

    @Override
    public Uni<Void> delete(String id, Long fencingToken, String ifMatch) {
        return unexpected("delete");
    }

    @Override
    public Uni<List<VersionMeta>> versions(String id) {
        return unexpected("versions");
    }

    @Override
    public Uni<FileMeta> restore(String id, long version, Long fencingToken, String modifiedBy) {
        return unexpected("restore");
    }

    @Override
    public Uni<Void> putUserInfo(String userId, String info) {
        return unexpected("putUserInfo");
    }

    @Override
    public Uni<ContainerMeta> container(String id) {
        return unexpected("container");
    }

    @Override
    public Uni<ContainerMeta> createContainer(String name, String parentId, String ownerId) {
        return unexpected("createContainer");
    }

    @Override
    public Uni<ContainerMeta> renameContainer(String id, String name) {
        return unexpected("renameContainer");
    }

    @Override
    public Uni<Void> deleteContainer(String id) {
        return unexpected("deleteContainer");
    }

    @Override
    public Uni<Children> children(String id, String userId, String after, int limit) {
        return unexpected("children");
    }

    @Override
    public Uni<Entry> entry(String folderId, String name) {
        return unexpected("entry");
    }

    @Override
    public Uni<String> freeName(String folderId, String name) {
        return unexpected("freeName");
    }

    @Override
    public Uni<ContainerMeta> home(String userId) {
        return unexpected("home");
    }

    @Override
    public Uni<List<ContainerMeta>> ancestors(String folderId) {
        return unexpected("ancestors");
    }

    @Override
    public Uni<Download> download(String fileId) {
        return unexpected("download");
    }

    @Override
    public Uni<FileMeta> upload(String fileId, RequestBody body, Map<String, String> headers, String userId) {
        return unexpected("upload");
    }

    @Override
    public Uni<FileMeta> create(String name, String ownerId, String containerId, RequestBody body) {
        return unexpected("create");
    }

    @Override
    public Uni<Person> saw(String userId, String displayName, List<String> groups) {
        return unexpected("saw");
    }

    @Override
    public Uni<String> sharedRole(String itemType, String itemId, String userId) {
        return unexpected("sharedRole");
    }

    @Override
    public Uni<List<ShareMeta>> shares(String itemType, String itemId) {
        return unexpected("shares");
    }

    @Override
    public Uni<ShareMeta> share(String shareId) {
        return unexpected("share");
    }

    @Override
    public Uni<ShareMeta> createShare(NewShare share) {
        return unexpected("createShare");
    }

    @Override
    public Uni<ShareMeta> changeShare(String shareId, String role) {
        return unexpected("changeShare");
    }

    @Override
    public Uni<Void> deleteShare(String shareId) {
        return unexpected("deleteShare");
    }

    @Override
    public Uni<SharedPage> sharedWith(String userId, String after, int limit) {
        return unexpected("sharedWith");
    }

    @Override
    public Uni<Unsaved> keepUnsaved(String fileId, org.openwopi.wopi.clients.RequestBody body, String sessionId, String userId,
                                    String reason) {
        return unexpected("keepUnsaved");
    }

    @Override
    public Uni<java.util.List<Unsaved>> unsaved(String fileId) {
        return unexpected("unsaved");
    }

    @Override
    public Uni<Download> downloadUnsaved(String fileId, String unsavedId) {
        return unexpected("downloadUnsaved");
    }

    @Override
    public Uni<FileMeta> restoreUnsaved(String fileId, String unsavedId, long fencingToken, String modifiedBy) {
        return unexpected("restoreUnsaved");
    }

    @Override
    public Uni<Void> deleteUnsaved(String fileId, String unsavedId) {
        return unexpected("deleteUnsaved");
    }

    @Override
    public Uni<Integer> appendAudit(java.util.List<AuditEvent> events) {
        return unexpected("appendAudit");
    }

    @Override
    public Uni<AuditPage> audit(String fileId, String userId, java.time.Instant from, java.time.Instant to, String before,
                                int limit) {
        return unexpected("audit");
    }

    @Override
    public Uni<Integer> addActivities(String fileId, String userId, java.util.List<Activity> activities) {
        return unexpected("addActivities");
    }

    @Override
    public Uni<ActivityPage> activities(String fileId, String before, int limit) {
        return unexpected("activities");
    }

    @Override
    public Uni<Void> readiness() {
        return unexpected("readiness");
    }
}
