package org.openwopi.wopi.operations;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.protocol.WopiUrls;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.templates.BlankDocuments;

import io.smallrye.mutiny.Uni;

/** The WOPI file operations that neither lock nor carry content: CheckFileInfo, RenameFile, DeleteFile, PutUserInfo. */
@ApplicationScoped
public class FileOperations {

    private final StorageClient storage;
    private final LockGate locks;
    private final GuardedWrites writes;
    private final WopiUrls urls;
    private final WopiConfig config;

    FileOperations(StorageClient storage, LockGate locks, GuardedWrites writes, WopiUrls urls, WopiConfig config) {
        this.storage = storage;
        this.locks = locks;
        this.writes = writes;
        this.urls = urls;
        this.config = config;
    }

    public Uni<WopiReply> checkFileInfo(WopiCall call) {
        call.require(Permission.VIEW, "viewing this file");
        return storage.fileContext(call.id(), call.userId()).map(context -> WopiReply.json(
                checkFileInfo(call.token(), context.file(), context.userInfo(), context.containerName())));
    }

    Map<String, Object> checkFileInfo(AccessToken token, FileMeta file, String userInfo, String folderName) {
        boolean canWrite = token.can(Permission.EDIT);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("BaseFileName", file.name());
        info.put("OwnerId", file.ownerId());
        info.put("Size", file.size());
        info.put("UserId", token.userId());
        info.put("Version", Long.toString(file.version()));
        info.put("UserFriendlyName", token.displayName() == null ? token.userId() : token.displayName());
        info.put("IsAnonymousUser", false);
        info.put("UserInfo", userInfo == null ? "" : userInfo);
        info.put("UserCanWrite", canWrite);
        info.put("ReadOnly", !canWrite);
        info.put("UserCanRename", token.can(Permission.RENAME));
        info.put("UserCanNotWriteRelative", !token.can(Permission.CREATE));
        info.put("SupportsLocks", true);
        info.put("SupportsGetLock", true);
        info.put("SupportsExtendedLockLength", true);
        info.put("SupportsUpdate", true);
        info.put("SupportsRename", true);
        info.put("SupportsDeleteFile", true);
        info.put("SupportsUserInfo", true);
        info.put("SupportsContainers", true);
        info.put("SupportsEcosystem", true);
        info.put("SupportsAddActivities", true);
        info.put("SupportedShareUrlTypes", ShareUrls.types(token));
        info.put("FileUrl", urls.fileUrl(file.id(), token));
        info.put("LicenseCheckForEditIsEnabled", config.host().businessUser());
        info.put("IsEduUser", false);
        info.put("LastModifiedTime", file.updatedAt() == null ? null : file.updatedAt().toString());
        if (file.sha256() != null && !file.sha256().isEmpty()) {
            info.put("SHA256", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(file.sha256())));
        }
        info.put("FileExtension", file.extension() == null || file.extension().isEmpty() ? "" : "." + file.extension());
        info.put("FileNameMaxLength", config.fileNameMaxLength());
        info.put("HostViewUrl", urls.hostView(file.id()));
        info.put("HostEditUrl", urls.hostEdit(file.id()));
        info.put("CloseUrl", urls.closeFor(file.containerId(), token.can(Permission.SHARE)));
        info.put("PostMessageOrigin", urls.origin());
        info.put("BreadcrumbBrandName", config.brandName());
        info.put("BreadcrumbBrandUrl", urls.base() + "/");
        info.put("BreadcrumbDocName", file.name());
        // Office's own buttons, each answered by our host page (host/HostPageResource): File > Versions opens our
        // versions list, Close goes back to where the file is listed, Edit (in a view session of someone who may
        // edit) switches the page to the edit action, Download fetches the content with the user's sign-in.
        info.put("FileVersionUrl", urls.base() + "/#versions/" + file.id());
        info.put("FileVersionPostMessage", true);
        info.put("ClosePostMessage", true);
        if (canWrite) {
            info.put("EditModePostMessage", true);
        }
        info.put("DownloadUrl", urls.download(file.id()));
        info.put("SupportsFileCreation", token.can(Permission.CREATE));
        if (canWrite && file.size() == 0 && BlankDocuments.has(file.extension())) {
            // Collabora fills an empty file from this before editing (Office ignores it, making its own with editnew).
            info.put("TemplateSource", urls.base() + "/templates/blank." + file.extension());
        }
        if (token.can(Permission.SHARE)) {
            // The owner's alone: Office's Share button opens our dialog (the host page turns UI_Sharing into it), and
            // the folder's name is not told to someone a single file is shared with (they go back to "Shared with me").
            info.put("FileSharingUrl", urls.base() + "/#share/" + file.id());
            info.put("FileSharingPostMessage", true);
            if (folderName != null) {
                info.put("BreadcrumbFolderName", folderName);
                info.put("BreadcrumbFolderUrl", urls.folderPage(file.containerId()));
            }
        } else {
            info.put("BreadcrumbFolderName", "Shared with me");
            info.put("BreadcrumbFolderUrl", urls.base() + "/#shared");
        }
        info.values().removeIf(java.util.Objects::isNull);
        return info;
    }

    /**
     * GetShareUrl: where someone this file is shared with opens it, in the host page (ReadOnly: to view, ReadWrite: to
     * edit). The URL grants nothing by itself: whoever opens it gets what their own role allows.
     */
    public Uni<WopiReply> getShareUrl(WopiCall call) {
        call.require(Permission.VIEW, "sharing this file");
        String type = ShareUrls.requested(call);
        return storage.file(call.id()).map(file -> WopiReply.json(Map.of("ShareUrl",
                ShareUrls.READ_WRITE.equals(type) ? urls.hostEdit(file.id()) : urls.hostView(file.id()))));
    }

    /**
     * RenameFile. A locked file is renamed only with its lock id, and the write carries that lock's fencing token; an
     * unlocked one is renamed under a short lock of our own, so a WOPI client locking it meanwhile is never overtaken.
     */
    public Uni<WopiReply> renameFile(WopiCall call) {
        call.require(Permission.RENAME, "renaming this file");
        String requested = call.header(WopiHeaders.REQUESTED_NAME);
        if (requested == null) {
            throw WopiException.badRequest("X-WOPI-RequestedName is missing");
        }
        String base = Utf7.decode(requested);
        String lockHeader = call.header(WopiHeaders.LOCK);
        return storage.file(call.id()).flatMap(file -> locks.current(call.id()).flatMap(lock -> {
            LockGate.requireMatches(lock, lockHeader);
            String name = file.extension() == null || file.extension().isEmpty() ? base : base + "." + file.extension();
            Function<Long, Uni<FileMeta>> rename = fencing -> storage.rename(call.id(), fencing, null, name);
            Uni<FileMeta> renamed = lock != null ? rename.apply(lock.fencingToken())
                    : writes.underOwnLock(call.id(), call.userId(), "WOPI RenameFile",
                            LockGate.lockHeld("the file was locked meanwhile"), rename);
            return renamed.map(done -> WopiReply.json(Map.of("Name", base)))
                    .onFailure(DependencyException.class).transform(e -> FolderNames.invalid((DependencyException) e));
        }));
    }

    /** DeleteFile: refused while the file is locked; otherwise deleted under a short lock of our own. */
    public Uni<WopiReply> deleteFile(WopiCall call) {
        call.require(Permission.DELETE, "deleting this file");
        return storage.file(call.id())
                .flatMap(file -> locks.current(call.id()))
                .flatMap(lock -> {
                    if (lock != null) {
                        throw WopiException.lockConflict(lock.lockId(), "the file is locked");
                    }
                    return writes.underOwnLock(call.id(), call.userId(), "WOPI DeleteFile",
                            LockGate.lockHeld("the file was locked meanwhile"), fencing -> storage.delete(call.id(), fencing, null));
                })
                .map(ignored -> WopiReply.ok())
                .onFailure(DependencyException.class).transform(e -> LockGate.fenced((DependencyException) e));
    }

    /**
     * PutUserInfo. The body is read up to the limit and no further: a longer one is refused at once and the
     * connection closed, whether it declared its length or came chunked.
     */
    public Uni<WopiReply> putUserInfo(WopiCall call) {
        call.require(Permission.VIEW, "storing user info");
        int max = config.maxUserInfoBytes();
        Long length = call.body().length();
        if (length != null && length > max) {
            throw tooLong();
        }
        return call.body().text(max, tooLong())
                .flatMap(info -> {
                    if (info.length() > 1024) {
                        throw WopiException.badRequest("UserInfo is longer than 1024 characters");
                    }
                    return storage.file(call.id())
                            .flatMap(file -> storage.putUserInfo(call.userId(), info))
                            .map(ignored -> WopiReply.ok());
                });
    }

    private WopiException tooLong() {
        // The rest of the body is not read: the connection is closed once this is answered.
        return WopiException.badRequest("UserInfo is longer than 1024 characters").header("Connection", "close");
    }

}
