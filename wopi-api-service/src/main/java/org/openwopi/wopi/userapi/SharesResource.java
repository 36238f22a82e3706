package org.openwopi.wopi.userapi;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.ContainerMeta;
import org.openwopi.wopi.clients.StorageClient.ShareMeta;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Ids;
import org.openwopi.wopi.security.access.Role;
import org.openwopi.wopi.security.token.Permission;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Sharing through the user API (README.md, "Sharing and permissions"): an owner lists, gives, changes and takes back
 * access to their files and folders; anyone sees what is shared with them. Who may do which is the access gate's
 * decision ({@link Permission#SHARE}, an owner's alone); the only other rule is that a person may give up a share
 * made to them by name.
 */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SharesResource {

    private final SecurityIdentity identity;
    private final AccessGate gate;
    private final StorageClient storage;
    private final UserFiles files;
    private final AuditTrail audit;

    SharesResource(SecurityIdentity identity, AccessGate gate, StorageClient storage, UserFiles files, AuditTrail audit) {
        this.audit = audit;
        this.identity = identity;
        this.gate = gate;
        this.storage = storage;
        this.files = files;
    }

    /**
     * Body of a new share: {@code grantee} a user id (or, with {@code granteeType: "group"}, a group name) of someone
     * who has signed in here; {@code role} {@code viewer} or {@code editor}.
     */
    public record NewShare(String granteeType, String grantee, String role) {
    }

    public record RoleChange(String role) {
    }

    /** A folder shared with the user (directly, or beneath a shared folder) and their role on it. */
    public record SharedFolder(ContainerMeta folder, String role) {
    }

    public record SharedFile(UserApiResource.FileEntry file, String role) {
    }

    /** A page of what others share with the user; {@code next}, when present, is the {@code after} of the next page. */
    public record SharedWithMe(List<SharedFolder> folders, List<SharedFile> files, String next) {
    }

    @GET
    @Path("/files/{id}/shares")
    public Uni<List<ShareMeta>> fileShares(@RestPath String id) {
        String user = User.of(identity).id();
        return file(user, id).flatMap(file -> storage.shares("file", file.id()))
                .onFailure().transform(UserFiles::translate);
    }

    @POST
    @Path("/files/{id}/shares")
    public Uni<RestResponse<ShareMeta>> shareFile(@RestPath String id, NewShare request) {
        User user = User.of(identity);
        NewShare valid = valid(request);
        return created(file(user.id(), id).map(StorageClient.FileMeta::id), true, valid, user);
    }

    @GET
    @Path("/folders/{id}/shares")
    public Uni<List<ShareMeta>> folderShares(@RestPath String id) {
        String user = User.of(identity).id();
        return folder(user, id).flatMap(folder -> storage.shares("folder", folder.id()))
                .onFailure().transform(UserFiles::translate);
    }

    @POST
    @Path("/folders/{id}/shares")
    public Uni<RestResponse<ShareMeta>> shareFolder(@RestPath String id, NewShare request) {
        User user = User.of(identity);
        NewShare valid = valid(request);
        return created(folder(user.id(), id).map(ContainerMeta::id), false, valid, user);
    }

    /** A new share of the item the gate let the user share ({@code file}: a file, else a folder). */
    private Uni<RestResponse<ShareMeta>> created(Uni<String> itemId, boolean file, NewShare share, User user) {
        return itemId
                .flatMap(id -> storage.createShare(new StorageClient.NewShare(file ? id : null, file ? null : id,
                        share.granteeType(), share.grantee(), share.role(), user.id())))
                .invoke(created -> audit.share(user.id(), "share", created.id(), fileOf(created), describe(created)))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created))
                .onFailure().transform(UserFiles::translate);
    }

    private static String fileOf(ShareMeta share) {
        return "file".equals(share.itemType()) ? share.itemId() : null;
    }

    /** What the audit trail says of a share: the item, whom, as what. */
    private static String describe(ShareMeta share) {
        return share.itemType() + " " + share.itemId() + " with " + share.granteeType() + " " + share.grantee() + " as " + share.role();
    }

    @PATCH
    @Path("/shares/{shareId}")
    public Uni<ShareMeta> changeRole(@RestPath String shareId, RoleChange request) {
        if (request == null || Role.ofShare(request.role()) == Role.NONE) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "role must be viewer or editor");
        }
        String user = User.of(identity).id();
        return shareOfOwnItem(user, shareId, false).flatMap(share -> storage.changeShare(share.id(), request.role()))
                .invoke(changed -> audit.share(user, "share-changed", changed.id(), fileOf(changed), describe(changed)))
                .onFailure().transform(UserFiles::translate);
    }

    /** Takes a share back: its item's owner may, and so may the person it names (giving it up). */
    @DELETE
    @Path("/shares/{shareId}")
    public Uni<RestResponse<Void>> delete(@RestPath String shareId) {
        String user = User.of(identity).id();
        return shareOfOwnItem(user, shareId, true).flatMap(share -> storage.deleteShare(share.id())
                        .invoke(() -> audit.share(user, "unshare", share.id(), fileOf(share), describe(share))))
                .map(ignored -> RestResponse.<Void>noContent())
                .onFailure().transform(UserFiles::translate);
    }

    @GET
    @Path("/shared-with-me")
    public Uni<SharedWithMe> sharedWithMe(@RestQuery String after, @RestQuery @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        String user = User.of(identity).id();
        return storage.sharedWith(user, after, limit)
                .map(page -> new SharedWithMe(
                        page.containers().stream().map(f -> new SharedFolder(f.folder(), f.role())).toList(),
                        page.files().stream().map(f -> new SharedFile(UserApiResource.entry(f.file(), null), f.role())).toList(),
                        page.next()))
                .onFailure().transform(UserFiles::translate);
    }

    private Uni<StorageClient.FileMeta> file(String user, String id) {
        return files.file(user, id, Permission.SHARE);
    }

    private Uni<ContainerMeta> folder(String user, String id) {
        if (AccessGate.ROOT.equals(id)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "your top level cannot be shared; share the folders in it");
        }
        if (!Ids.valid(id)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no folder " + id);
        }
        return gate.folder(user, id, Permission.SHARE);
    }

    /**
     * The share, when the user owns its item; with {@code orGrantee}, also when it names them. Anyone else learns
     * nothing: a share of an item they have no role on is unknown (404), one of an item they only use is 403.
     */
    private Uni<ShareMeta> shareOfOwnItem(String user, String shareId, boolean orGrantee) {
        if (!Ids.valid(shareId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no share " + shareId);
        }
        return storage.share(shareId)
                .onFailure(e -> e instanceof org.openwopi.wopi.clients.DependencyException d && d.status() == 404)
                .transform(e -> new ApiException(ErrorCode.NOT_FOUND, "no share " + shareId))
                .flatMap(share -> {
                    if (orGrantee && "user".equals(share.granteeType()) && user.equals(share.grantee())) {
                        return Uni.createFrom().item(share);
                    }
                    Uni<?> item = "file".equals(share.itemType())
                            ? gate.file(user, share.itemId(), Permission.SHARE)
                            : gate.folder(user, share.itemId(), Permission.SHARE);
                    return item.onFailure(e -> e instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND)
                            .transform(e -> new ApiException(ErrorCode.NOT_FOUND, "no share " + shareId))
                            .replaceWith(share);
                });
    }

    private static NewShare valid(NewShare request) {
        if (request == null || request.grantee() == null || request.grantee().isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST,
                    "a JSON body {\"grantee\": ..., \"role\": \"viewer\" | \"editor\"} is required");
        }
        String type = request.granteeType() == null ? "user" : request.granteeType();
        if (!type.equals("user") && !type.equals("group")) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "granteeType must be user or group");
        }
        if (Role.ofShare(request.role()) == Role.NONE) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "role must be viewer or editor");
        }
        return new NewShare(type, request.grantee(), request.role());
    }
}
