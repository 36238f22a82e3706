package org.openwopi.wopi.userapi;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.audit.AuditTrail;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.ContainerMeta;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Ids;
import org.openwopi.wopi.security.token.Permission;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The user-facing file API, for signed-in users (OIDC bearer tokens): their folders and files, and the launch call
 * that opens a file in the WOPI client. Uploads and downloads stream through {@link UserContentRoutes}.
 */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserApiResource {

    private final SecurityIdentity identity;
    private final UserFiles files;
    private final StorageClient storage;
    private final Launcher launcher;
    private final AccessGate gate;
    private final ClientRules rules;
    private final AuditTrail audit;

    UserApiResource(SecurityIdentity identity, UserFiles files, StorageClient storage, Launcher launcher,
                    AccessGate gate, ClientRules rules, AuditTrail audit) {
        this.audit = audit;
        this.gate = gate;
        this.rules = rules;
        this.identity = identity;
        this.files = files;
        this.storage = storage;
        this.launcher = launcher;
    }

    public record Me(String userId, String displayName) {
    }

    /** A file as its owner sees it, with who holds it open in Office. */
    public record FileEntry(String id, String name, String extension, String folderId, long size, long version,
                            String modifiedBy, String updatedAt, Map<String, Object> lockedBy) {
    }

    /**
     * A page of a folder; {@code next}, when present, is the {@code after} of the next page. {@code role} is the
     * user's on the folder ({@code owner}, {@code editor}, {@code viewer}), which reaches everything in it.
     */
    /** {@code name}: the folder's own name (null for the user's top level). */
    public record Listing(String folderId, List<ContainerMeta> folders, List<FileEntry> files, String next, String role,
                          String name) {
    }

    public record NewFolder(String name, String parentId) {
    }

    public record Rename(String name) {
    }

    @GET
    @Path("/me")
    public Me me() {
        User user = User.of(identity);
        return new Me(user.id(), user.displayName());
    }

    /** What the user may see in a folder ({@code root}, the default, for their top level), a page at a time. */
    @GET
    @Path("/folders/{id}")
    public Uni<Listing> list(@RestPath String id, @RestQuery String after, @RestQuery @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        String user = User.of(identity).id();
        return folderAccess(user, id, Permission.VIEW).flatMap(granted -> {
            String role = granted.role().shareName();
            String name = granted.item().home() ? null : granted.item().name();
            return storage.children(granted.item().id(), user, after, limit).flatMap(children -> {
                if (children.files().isEmpty()) {
                    return Uni.createFrom().item(new Listing(id, children.containers(), List.of(), children.next(), role, name));
                }
                // Who holds each file open in Office: the page's locks in one lock-service request.
                return files.locks(children.files().stream().map(FileMeta::id).toList())
                        .map(locks -> new Listing(id, children.containers(),
                                children.files().stream().map(f -> entry(f, locks.get(f.id()))).toList(), children.next(), role, name));
            });
        })
                .onFailure().transform(UserFiles::translate);
    }

    @POST
    @Path("/folders")
    public Uni<RestResponse<ContainerMeta>> createFolder(NewFolder request) {
        if (request == null || request.name() == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a folder needs a name");
        }
        String user = User.of(identity).id();
        String parent = request.parentId() == null ? AccessGate.ROOT : request.parentId();
        return folder(user, parent, Permission.CREATE)
                .flatMap(folder -> storage.createContainer(request.name(), folder.id(), user))
                .invoke(folder -> audit.folder(user, "create-folder", folder.id(), null, null, folder.name()))
                .map(folder -> RestResponse.status(RestResponse.Status.CREATED, folder))
                .onFailure().transform(UserFiles::translate);
    }

    @GET
    @Path("/files/{id}")
    public Uni<FileEntry> file(@RestPath String id) {
        String user = User.of(identity).id();
        return files.file(user, id, Permission.VIEW).flatMap(file -> files.lock(id).map(lock -> entry(file, lock)))
                .onFailure().transform(UserFiles::translate);
    }

    @PATCH
    @Path("/files/{id}")
    public Uni<FileEntry> rename(@RestPath String id, Rename request) {
        if (request == null || request.name() == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a new name is required");
        }
        String user = User.of(identity).id();
        return files.file(user, id, Permission.RENAME)
                .flatMap(file -> files.underApiLock(id, user,
                        fencing -> storage.rename(id, fencing, null, request.name())))
                .invoke(file -> audit.file(user, "rename", id, null, null, "to " + file.name()))
                .map(file -> entry(file, null))
                .onFailure().transform(UserFiles::translate);
    }

    @DELETE
    @Path("/files/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        String user = User.of(identity).id();
        return files.file(user, id, Permission.DELETE)
                .flatMap(file -> files.underApiLock(id, user, fencing -> storage.delete(id, fencing, null)))
                .invoke(() -> audit.file(user, "delete", id, null, null, null))
                .map(ignored -> RestResponse.<Void>noContent())
                .onFailure().transform(UserFiles::translate);
    }

    /** The file's versions, newest first. */
    @GET
    @Path("/files/{id}/versions")
    public Uni<List<StorageClient.VersionMeta>> versions(@RestPath String id) {
        String user = User.of(identity).id();
        return files.file(user, id, Permission.VIEW).flatMap(file -> storage.versions(id))
                .onFailure().transform(UserFiles::translate);
    }

    /**
     * What WOPI clients reported happening in the file (comments and the people they name), newest first, a page at
     * a time ({@code before}: a page's {@code next}); for anyone who may see the file.
     */
    @GET
    @Path("/files/{id}/activities")
    public Uni<StorageClient.ActivityPage> activities(@RestPath String id, @RestQuery String before,
                                                      @RestQuery @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 500");
        }
        String user = User.of(identity).id();
        return files.file(user, id, Permission.VIEW).flatMap(file -> storage.activities(id, before, limit))
                .onFailure().transform(UserFiles::translate);
    }

    /**
     * Saves of the file that were refused (Office's lock lost or changed, a stale writer, an older Collabora copy),
     * kept so no edit is lost: for those who may edit it.
     */
    @GET
    @Path("/files/{id}/unsaved")
    public Uni<List<StorageClient.Unsaved>> unsaved(@RestPath String id) {
        String user = User.of(identity).id();
        return files.file(user, id, Permission.EDIT).flatMap(file -> storage.unsaved(id))
                .onFailure().transform(UserFiles::translate);
    }

    /** An id that cannot be a kept save's names none: 404 before anything is asked. */
    static void requireUnsavedId(String unsavedId) {
        if (!Ids.valid(unsavedId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no unsaved changes " + unsavedId);
        }
    }

    /** A kept save becomes the newest version; refused (423) while Office holds the file. */
    @POST
    @Path("/files/{id}/unsaved/{unsavedId}/restore")
    public Uni<FileEntry> restoreUnsaved(@RestPath String id, @RestPath String unsavedId) {
        String user = User.of(identity).id();
        requireUnsavedId(unsavedId);
        return files.file(user, id, Permission.EDIT)
                .flatMap(file -> files.underApiLock(id, user, fencing -> storage.restoreUnsaved(id, unsavedId, fencing, user)))
                .invoke(file -> audit.file(user, "restore-unsaved", id, null, null, "as version " + file.version()))
                .map(file -> entry(file, null))
                .onFailure().transform(UserFiles::translate);
    }

    /** Forgets a kept save. */
    @DELETE
    @Path("/files/{id}/unsaved/{unsavedId}")
    public Uni<RestResponse<Void>> deleteUnsaved(@RestPath String id, @RestPath String unsavedId) {
        String user = User.of(identity).id();
        requireUnsavedId(unsavedId);
        return files.file(user, id, Permission.EDIT).flatMap(file -> storage.deleteUnsaved(id, unsavedId))
                .invoke(() -> audit.file(user, "discard-unsaved", id, null, null, null))
                .map(ignored -> RestResponse.<Void>noContent())
                .onFailure().transform(UserFiles::translate);
    }

    /** A new version with an old version's content; refused (423) while Office holds the file. */
    @POST
    @Path("/files/{id}/versions/{version}/restore")
    public Uni<FileEntry> restore(@RestPath String id, @RestPath long version) {
        String user = User.of(identity).id();
        return files.file(user, id, Permission.EDIT)
                .flatMap(file -> files.underApiLock(id, user, fencing -> storage.restore(id, version, fencing, user)))
                .invoke(file -> audit.file(user, "restore", id, null, null, "version " + version + " as " + file.version()))
                .map(file -> entry(file, null))
                .onFailure().transform(UserFiles::translate);
    }

    /**
     * Breaks the WOPI lock on a file (the "unlock manually" button, for an editor whose Office went away): allowed to
     * the user who holds it and to operators ({@code wopi.host.operator-group}).
     */
    @DELETE
    @Path("/files/{id}/lock")
    public Uni<RestResponse<Void>> unlock(@RestPath String id) {
        String user = User.of(identity).id();
        boolean operator = gate.operator(identity);
        if (!Ids.valid(id)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no file " + id);
        }
        Uni<FileMeta> file = operator ? storage.file(id) : files.file(user, id, Permission.EDIT);
        return file.flatMap(ignored -> files.lock(id)).flatMap(lock -> {
            if (lock == null) {
                return Uni.createFrom().item(RestResponse.<Void>noContent());
            }
            if (!operator && (lock.holder() == null || !user.equals(lock.holder().userId()))) {
                throw new ApiException(ErrorCode.FORBIDDEN, "the lock is held by " + (lock.holder() == null ? "someone else"
                        : lock.holder().userId()) + "; only they or an operator may break it");
            }
            return files.forceUnlock(id, user)
                    .invoke(() -> audit.file(user, "force-unlock", id, null, null, "held by "
                            + (lock.holder() == null ? "?" : lock.holder().userId())))
                    .map(ignored -> RestResponse.<Void>noContent());
        }).onFailure().transform(UserFiles::translate);
    }

    /**
     * Open the file in the WOPI client: what a page needs to POST into the client's frame. The token carries what the
     * access gate grants this user for this action. {@code client}: the WOPI client chosen under "Open with…" (one
     * the rules allow); converting a file needs the right to edit it.
     */
    @POST
    @Path("/files/{id}/launch")
    public Uni<Launcher.Launch> launch(@RestPath String id, @RestQuery @DefaultValue("edit") String action,
                                       @RestQuery String client, @HeaderParam("Accept-Language") String acceptLanguage) {
        User user = User.of(identity);
        gate.requireOfficeGroup(identity);
        return files.fileAccess(user.id(), id, Launcher.needs(action))
                .flatMap(granted -> launcher.launch(user, granted.item(), gate.forAction(granted.role(), action),
                        gate.actionFor(granted.role(), action),
                        Launcher.language(acceptLanguage), client))
                .invoke(launch -> audit.file(user.id(), "open", id, launch.client(), null, launch.action()))
                .onFailure().transform(UserFiles::translate);
    }

    /**
     * "Open with…": for each extension asked about, the WOPI clients the rules allow that offer the action (or the
     * one they fall back to), in rule order. Configuration only; no file is read.
     */
    @GET
    @Path("/open-with")
    public Uni<Map<String, List<DiscoveryClient.ActionInfo>>> openWith(@RestQuery List<String> ext,
                                                                        @RestQuery @DefaultValue("edit") String action) {
        if (ext == null || ext.isEmpty() || ext.size() > 50) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "name 1 to 50 extensions (ext=docx&ext=odt)");
        }
        if (!action.matches("[a-z]{1,32}")) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "not an action: " + action);
        }
        List<String> exts = ext.stream().map(e -> e.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        for (String e : exts) {
            if (!e.matches("[a-z0-9]{1,16}")) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "not a file extension: " + e);
            }
        }
        List<Uni<List<DiscoveryClient.ActionInfo>>> asks = exts.stream().map(e -> rules.offers(e, action)).toList();
        return Uni.join().all(asks).andFailFast().map(answers -> {
            Map<String, List<DiscoveryClient.ActionInfo>> byExt = new java.util.LinkedHashMap<>();
            for (int i = 0; i < exts.size(); i++) {
                byExt.put(exts.get(i), answers.get(i));
            }
            return byExt;
        }).onFailure().transform(UserFiles::translate);
    }

    private Uni<ContainerMeta> folder(String user, String id, Permission need) {
        return folderAccess(user, id, need).map(AccessGate.Granted::item);
    }

    private Uni<AccessGate.Granted<ContainerMeta>> folderAccess(String user, String id, Permission need) {
        if (!AccessGate.ROOT.equals(id) && !Ids.valid(id)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no folder " + id);
        }
        return gate.folderAccess(user, id, need);
    }

    public static FileEntry entry(FileMeta file, LockClient.Lock lock) {
        Map<String, Object> lockedBy = null;
        if (lock != null && lock.holder() != null) {
            java.util.List<String> users = lock.holder().users() == null || lock.holder().users().isEmpty()
                    ? java.util.List.of(String.valueOf(lock.holder().userId())) : lock.holder().users();
            lockedBy = Map.of("userId", String.valueOf(lock.holder().userId()),
                    "users", users,
                    "clientApp", String.valueOf(lock.holder().clientApp()),
                    "since", String.valueOf(lock.holder().acquiredAt()));
        }
        return new FileEntry(file.id(), file.name(), file.extension(), file.containerId(), file.size(), file.version(),
                file.modifiedBy(), file.updatedAt() == null ? null : file.updatedAt().toString(), lockedBy);
    }
}
