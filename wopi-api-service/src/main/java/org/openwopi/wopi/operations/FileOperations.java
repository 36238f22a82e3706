package org.openwopi.wopi.operations;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.HotCalls;
import org.openwopi.wopi.clients.LockRestClient;
import org.openwopi.wopi.clients.StorageRestClient;
import org.openwopi.wopi.clients.StorageRestClient.FileMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.protocol.WopiUrls;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.Permission;

import io.smallrye.mutiny.Uni;

/** The WOPI file operations that carry no file content: CheckFileInfo, the lock operations, rename, delete, ... */
@ApplicationScoped
public class FileOperations {

    private final StorageRestClient storage;
    private final HotCalls hot;
    private final WopiUrls urls;
    private final WopiConfig config;
    private final GuardedWrites writes;

    FileOperations(@RestClient StorageRestClient storage, HotCalls hot, WopiUrls urls, WopiConfig config, GuardedWrites writes) {
        this.storage = storage;
        this.hot = hot;
        this.urls = urls;
        this.config = config;
        this.writes = writes;
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
        return hot.file(call.id()).flatMap(file -> currentLock(call.id()).flatMap(lock -> {
            requireLockMatches(lock, lockHeader);
            String name = file.extension() == null || file.extension().isEmpty() ? base : base + "." + file.extension();
            Function<Long, Uni<FileMeta>> rename = fencing -> storage.rename(call.id(), fencing, null, Map.of("name", name));
            Uni<FileMeta> renamed = lock != null ? rename.apply(lock.fencingToken())
                    : writes.underOwnLock(call.id(), call.userId(), "WOPI RenameFile", lockHeld("the file was locked meanwhile"), rename);
            return renamed.map(done -> WopiReply.json(Map.of("Name", base)))
                    .onFailure(DependencyException.class).transform(e -> invalidName((DependencyException) e));
        }));
    }

    /** DeleteFile: refused while the file is locked; otherwise deleted under a short lock of our own. */
    public Uni<WopiReply> deleteFile(WopiCall call) {
        call.require(Permission.DELETE, "deleting this file");
        return hot.file(call.id())
                .flatMap(file -> currentLock(call.id()))
                .flatMap(lock -> {
                    if (lock != null) {
                        throw WopiException.lockConflict(lock.lockId(), "the file is locked");
                    }
                    return writes.underOwnLock(call.id(), call.userId(), "WOPI DeleteFile", lockHeld("the file was locked meanwhile"),
                            fencing -> storage.delete(call.id(), fencing, null));
                })
                .map(ignored -> WopiReply.ok())
                .onFailure(DependencyException.class).transform(e -> fenced((DependencyException) e));
    }

    /** The answer when our own short write lock is refused: WOPI's lock mismatch, naming the lock that holds the file. */
    static Function<LockRestClient.Lock, RuntimeException> lockHeld(String reason) {
        return lock -> WopiException.lockConflict(lock == null ? "" : lock.lockId(), reason);
    }

    /**
     * PutUserInfo. The body is read up to the limit and no further: a longer one is refused at once and the
     * connection closed, whether it declared its length or came chunked.
     */
    public Uni<WopiReply> putUserInfo(WopiCall call) {
        call.require(Permission.VIEW, "storing user info");
        int max = config.maxUserInfoBytes();
        Long length = call.contentLength();
        if (length != null && length > max) {
            throw tooLong();
        }
        io.vertx.core.http.HttpServerRequest request = call.request();
        io.vertx.core.Promise<io.vertx.core.buffer.Buffer> read = io.vertx.core.Promise.promise();
        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
        request.handler(chunk -> {
            if (read.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                request.pause();
                read.tryFail(tooLong());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(read::tryFail);
        request.endHandler(ignored -> read.tryComplete(body));
        request.resume();
        return Uni.createFrom().completionStage(read.future().toCompletionStage())
                .flatMap(bytes -> {
                    String info = bytes.toString(StandardCharsets.UTF_8);
                    if (info.length() > 1024) {
                        throw WopiException.badRequest("UserInfo is longer than 1024 characters");
                    }
                    return hot.file(call.id())
                            .flatMap(file -> storage.putUserInfo(call.userId(), new StorageRestClient.UserInfo(info)))
                            .map(ignored -> WopiReply.ok());
                });
    }

    private WopiException tooLong() {
        // The rest of the body is not read: the connection is closed once this is answered.
        return WopiException.badRequest("UserInfo is longer than 1024 characters").header("Connection", "close");
    }

    /** The lock on the file, or null when it is not locked. */
    Uni<LockRestClient.Lock> currentLock(String fileId) {
        return hot.lock(fileId).onFailure(e -> e instanceof DependencyException d && d.status() == 404)
                .recoverWithItem((LockRestClient.Lock) null);
    }

    /**
     * For operations that must respect a lock held by someone else: an unlocked file passes unless the caller claims
     * a lock, a locked one only with its lock id.
     */
    static void requireLockMatches(LockRestClient.Lock lock, String lockHeader) {
        if (lock == null && lockHeader != null) {
            throw WopiException.lockConflict("", "the file is not locked");
        }
        if (lock != null && !lock.lockId().equals(lockHeader)) {
            throw WopiException.lockConflict(lock.lockId(),
                    lockHeader == null ? "the file is locked" : "the file is locked with another lock id");
        }
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

    /** storage-service refusing a write for a superseded lock is WOPI's lock mismatch. */
    static Throwable fenced(DependencyException e) {
        if (e.status() == 409 && "fenced".equals(e.member("reason"))) {
            return WopiException.lockConflict("", "the lock changed while the file was being changed");
        }
        return e;
    }

    /** storage-service refusing a name (rules: 400, taken: 409) is WOPI's 400 with X-WOPI-InvalidFileNameError. */
    static Throwable invalidName(DependencyException e) {
        if (e.status() == 409 && "fenced".equals(e.member("reason"))) {
            return fenced(e);
        }
        if (e.status() == 400 || e.status() == 409) {
            String reason = e.status() == 409 ? "an item with this name already exists" : e.detail();
            return WopiException.badRequest(reason).header(WopiHeaders.INVALID_FILE_NAME_ERROR, reason);
        }
        return e;
    }
}
