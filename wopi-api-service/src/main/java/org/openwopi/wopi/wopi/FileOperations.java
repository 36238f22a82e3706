package org.openwopi.wopi.wopi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openwopi.wopi.client.DependencyException;
import org.openwopi.wopi.client.HotCalls;
import org.openwopi.wopi.client.LockRestClient;
import org.openwopi.wopi.client.StorageRestClient;
import org.openwopi.wopi.client.StorageRestClient.FileMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.token.AccessToken;
import org.openwopi.wopi.token.Permission;

import io.smallrye.mutiny.Uni;

/** The WOPI file operations that carry no file content: CheckFileInfo, the lock operations, rename, delete, ... */
@ApplicationScoped
public class FileOperations {

    private final StorageRestClient storage;
    private final HotCalls hot;
    private final WopiUrls urls;
    private final WopiConfig config;

    FileOperations(@RestClient StorageRestClient storage, HotCalls hot, WopiUrls urls, WopiConfig config) {
        this.storage = storage;
        this.hot = hot;
        this.urls = urls;
        this.config = config;
    }

    public Uni<WopiReply> checkFileInfo(WopiCall call) {
        call.require(Permission.VIEW, "viewing this file");
        return hot.fileContext(call.id(), call.userId()).map(context -> WopiReply.json(
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
        info.put("CloseUrl", urls.close());
        info.put("PostMessageOrigin", urls.origin());
        info.put("BreadcrumbBrandName", config.brandName());
        info.put("BreadcrumbBrandUrl", urls.base() + "/");
        info.put("BreadcrumbDocName", file.name());
        if (folderName != null) {
            info.put("BreadcrumbFolderName", folderName);
        }
        info.values().removeIf(java.util.Objects::isNull);
        return info;
    }

    /** Lock, or UnlockAndRelock when X-WOPI-OldLock is present. Locking the same id again is a refresh. */
    public Uni<WopiReply> lock(WopiCall call) {
        call.require(Permission.EDIT, "editing this file");
        String lockId = lockId(call, WopiHeaders.LOCK);
        String oldLock = call.header(WopiHeaders.OLD_LOCK);
        if (oldLock != null && oldLock.length() > WopiHeaders.MAX_LOCK_LENGTH) {
            throw WopiException.badRequest("X-WOPI-OldLock is longer than " + WopiHeaders.MAX_LOCK_LENGTH + " characters");
        }
        String client = clientApp(call);
        return hot.file(call.id()).flatMap(file -> (oldLock == null
                        ? hot.acquire(call.id(), new LockRestClient.Acquire(lockId, call.userId(), client))
                        : hot.relock(call.id(), new LockRestClient.Relock(oldLock, lockId, call.userId(), client)))
                .map(locked -> WopiReply.ok().itemVersion(file.version())))
                .onFailure(DependencyException.class).transform(FileOperations::lockFailure);
    }

    public Uni<WopiReply> getLock(WopiCall call) {
        call.require(Permission.VIEW, "reading this file's lock");
        return hot.file(call.id()).flatMap(file -> currentLock(call.id()))
                .map(lock -> WopiReply.ok().header(WopiHeaders.LOCK, lock == null ? "" : lock.lockId()));
    }

    public Uni<WopiReply> refreshLock(WopiCall call) {
        call.require(Permission.EDIT, "editing this file");
        String lockId = lockId(call, WopiHeaders.LOCK);
        return hot.file(call.id())
                .flatMap(file -> hot.refresh(call.id(), new LockRestClient.LockIdOnly(lockId))
                        .map(refreshed -> WopiReply.ok().itemVersion(file.version())))
                .onFailure(DependencyException.class).transform(FileOperations::lockFailure);
    }

    public Uni<WopiReply> unlock(WopiCall call) {
        call.require(Permission.EDIT, "editing this file");
        String lockId = lockId(call, WopiHeaders.LOCK);
        return hot.file(call.id())
                .flatMap(file -> hot.unlock(call.id(), new LockRestClient.LockIdOnly(lockId))
                        .map(unlocked -> WopiReply.ok().itemVersion(file.version())))
                .onFailure(DependencyException.class).transform(FileOperations::lockFailure);
    }

    public Uni<WopiReply> renameFile(WopiCall call) {
        call.require(Permission.RENAME, "renaming this file");
        String requested = call.header(WopiHeaders.REQUESTED_NAME);
        if (requested == null) {
            throw WopiException.badRequest("X-WOPI-RequestedName is missing");
        }
        String base = Utf7.decode(requested);
        String lockHeader = call.header(WopiHeaders.LOCK);
        return hot.file(call.id())
                .flatMap(file -> requireLockMatches(call.id(), lockHeader).map(ignored -> file))
                .flatMap(file -> {
                    String name = file.extension() == null || file.extension().isEmpty() ? base : base + "." + file.extension();
                    return storage.rename(call.id(), Map.of("name", name))
                            .map(renamed -> WopiReply.json(Map.of("Name", base)))
                            .onFailure(DependencyException.class).transform(e -> invalidName((DependencyException) e));
                });
    }

    public Uni<WopiReply> deleteFile(WopiCall call) {
        call.require(Permission.DELETE, "deleting this file");
        return hot.file(call.id())
                .flatMap(file -> currentLock(call.id()))
                .flatMap(lock -> {
                    if (lock != null) {
                        throw WopiException.lockConflict(lock.lockId(), "the file is locked");
                    }
                    return storage.delete(call.id()).map(ignored -> WopiReply.ok());
                });
    }

    public Uni<WopiReply> putUserInfo(WopiCall call) {
        call.require(Permission.VIEW, "storing user info");
        Long length = call.contentLength();
        if (length != null && length > config.maxUserInfoBytes()) {
            throw WopiException.badRequest("UserInfo is longer than 1024 characters");
        }
        io.vertx.core.Future<io.vertx.core.buffer.Buffer> read = call.request().body();
        call.request().resume();
        return Uni.createFrom().completionStage(read.toCompletionStage())
                .flatMap(body -> {
                    if (body.length() > config.maxUserInfoBytes()) {
                        throw WopiException.badRequest("UserInfo is longer than 1024 characters");
                    }
                    String info = body.toString(StandardCharsets.UTF_8);
                    if (info.length() > 1024) {
                        throw WopiException.badRequest("UserInfo is longer than 1024 characters");
                    }
                    return hot.file(call.id())
                            .flatMap(file -> storage.putUserInfo(call.userId(), new StorageRestClient.UserInfo(info)))
                            .map(ignored -> WopiReply.ok());
                });
    }

    /** EnumerateAncestors of a file: the root, then the folders down to the file's own. */
    public Uni<WopiReply> enumerateAncestors(WopiCall call) {
        call.require(Permission.VIEW, "viewing this file");
        return hot.file(call.id()).flatMap(file -> {
            if (file.containerId() == null) {
                return Uni.createFrom().item(List.<Map<String, String>>of(ContainerOperations.pointer(
                        ContainerOperations.ROOT_NAME, urls.container(ContainerOperations.ROOT, call.token()))));
            }
            return storage.container(file.containerId()).flatMap(folder -> storage.ancestors(folder.id()).map(above -> {
                List<Map<String, String>> chain = new ArrayList<>();
                chain.add(ContainerOperations.pointer(ContainerOperations.ROOT_NAME,
                        urls.container(ContainerOperations.ROOT, call.token())));
                for (StorageRestClient.ContainerMeta ancestor : above) {
                    chain.add(ContainerOperations.pointer(ancestor.name(), urls.container(ancestor.id(), call.token())));
                }
                chain.add(ContainerOperations.pointer(folder.name(), urls.container(folder.id(), call.token())));
                return chain;
            }));
        }).map(chain -> WopiReply.json(Map.of("AncestorsWithRootFirst", chain)));
    }

    /** The lock on the file, or null when it is not locked. */
    Uni<LockRestClient.Lock> currentLock(String fileId) {
        return hot.lock(fileId).onFailure(e -> e instanceof DependencyException d && d.status() == 404)
                .recoverWithItem((LockRestClient.Lock) null);
    }

    /**
     * For operations that must respect a lock held by someone else (rename, delete, overwrite): an unlocked file
     * passes unless the caller claims a lock, a locked one only with its lock id.
     */
    Uni<Void> requireLockMatches(String fileId, String lockHeader) {
        return currentLock(fileId).map(lock -> {
            if (lock == null && lockHeader != null) {
                throw WopiException.lockConflict("", "the file is not locked");
            }
            if (lock != null && !lock.lockId().equals(lockHeader)) {
                throw WopiException.lockConflict(lock.lockId(),
                        lockHeader == null ? "the file is locked" : "the file is locked with another lock id");
            }
            return null;
        });
    }

    static String lockId(WopiCall call, String header) {
        String lockId = call.header(header);
        if (lockId == null) {
            throw WopiException.badRequest(header + " is missing");
        }
        if (lockId.length() > WopiHeaders.MAX_LOCK_LENGTH) {
            throw WopiException.badRequest(header + " is longer than " + WopiHeaders.MAX_LOCK_LENGTH + " characters");
        }
        return lockId;
    }

    private static String clientApp(WopiCall call) {
        String agent = call.request().getHeader("User-Agent");
        if (agent == null) {
            return "WOPI client";
        }
        return agent.length() > 200 ? agent.substring(0, 200) : agent;
    }

    /** lock-service's 409 is WOPI's lock mismatch; anything else goes to the common translation. */
    static Throwable lockFailure(Throwable failure) {
        if (failure instanceof DependencyException d && d.service().equals("lock-service")) {
            if (d.status() == 409) {
                String current = d.member("currentLockId");
                String reason = d.member("reason");
                return WopiException.lockConflict(current == null ? "" : current,
                        reason == null ? "lock mismatch" : reason);
            }
            if (d.status() == 400) {
                return WopiException.badRequest(d.detail() == null ? "bad lock request" : d.detail());
            }
        }
        return failure;
    }

    /** storage-service refusing a name (rules: 400, taken: 409) is WOPI's 400 with X-WOPI-InvalidFileNameError. */
    static Throwable invalidName(DependencyException e) {
        if (e.status() == 400 || e.status() == 409) {
            String reason = e.status() == 409 ? "an item with this name already exists" : e.detail();
            return WopiException.badRequest(reason).header(WopiHeaders.INVALID_FILE_NAME_ERROR, reason);
        }
        return e;
    }
}
