package org.openwopi.wopi.operations;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.security.token.Permission;

import io.smallrye.mutiny.Uni;

/**
 * The WOPI lock operations: Lock (and UnlockAndRelock), GetLock, RefreshLock, Unlock. lock-service keeps the locks
 * and decides atomically; each answer carries the file's version (X-WOPI-ItemVersion), so the file must exist.
 */
@ApplicationScoped
public class LockOperations {

    private final StorageClient storage;
    private final LockClient locks;

    LockOperations(StorageClient storage, LockClient locks) {
        this.storage = storage;
        this.locks = locks;
    }

    /** Lock, or UnlockAndRelock when X-WOPI-OldLock is present. Locking the same id again is a refresh. */
    public Uni<WopiReply> lock(WopiCall call) {
        call.require(Permission.EDIT, "editing this file");
        String lockId = LockGate.lockId(call, WopiHeaders.LOCK);
        String oldLock = call.header(WopiHeaders.OLD_LOCK);
        LockGate.requireLength(oldLock, WopiHeaders.OLD_LOCK);
        String client = clientApp(call);
        return storage.file(call.id()).flatMap(file -> (oldLock == null
                        ? locks.acquire(call.id(), new LockClient.Acquire(lockId, call.userId(), client))
                        : locks.relock(call.id(), new LockClient.Relock(oldLock, lockId, call.userId(), client)))
                .map(locked -> WopiReply.ok().itemVersion(file.version())))
                .onFailure(DependencyException.class).transform(LockGate::lockFailure);
    }

    public Uni<WopiReply> getLock(WopiCall call) {
        call.require(Permission.VIEW, "reading this file's lock");
        return storage.file(call.id()).flatMap(file -> locks.current(call.id()))
                .map(lock -> WopiReply.ok().header(WopiHeaders.LOCK, lock == null ? "" : lock.lockId()));
    }

    public Uni<WopiReply> refreshLock(WopiCall call) {
        call.require(Permission.EDIT, "editing this file");
        String lockId = LockGate.lockId(call, WopiHeaders.LOCK);
        return storage.file(call.id())
                .flatMap(file -> locks.refresh(call.id(), lockId)
                        .map(refreshed -> WopiReply.ok().itemVersion(file.version())))
                .onFailure(DependencyException.class).transform(LockGate::lockFailure);
    }

    public Uni<WopiReply> unlock(WopiCall call) {
        call.require(Permission.EDIT, "editing this file");
        String lockId = LockGate.lockId(call, WopiHeaders.LOCK);
        return storage.file(call.id())
                .flatMap(file -> locks.unlock(call.id(), lockId)
                        .map(unlocked -> WopiReply.ok().itemVersion(file.version())))
                .onFailure(DependencyException.class).transform(LockGate::lockFailure);
    }

    private static String clientApp(WopiCall call) {
        String agent = call.header("User-Agent");
        if (agent == null) {
            return "WOPI client";
        }
        return agent.length() > 200 ? agent.substring(0, 200) : agent;
    }
}
