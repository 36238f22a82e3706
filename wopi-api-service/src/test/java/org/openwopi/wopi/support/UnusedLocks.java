package org.openwopi.wopi.support;

import org.openwopi.wopi.clients.LockClient;

import io.smallrye.mutiny.Uni;

/** A {@link LockClient} double for tests of the operations alone: every call fails unless the test overrides it. */
public abstract class UnusedLocks implements LockClient {

    private static <T> Uni<T> unexpected(String call) {
        return Uni.createFrom().failure(new AssertionError("unexpected call to lock-service: " + call));
    }

    @Override
    public Uni<Lock> current(String fileId) {
        return unexpected("current");
    }

    @Override
    public Uni<Lock> acquire(String fileId, Acquire request) {
        return unexpected("acquire");
    }

    @Override
    public Uni<Lock> refresh(String fileId, String lockId) {
        return unexpected("refresh");
    }

    @Override
    public Uni<Lock> unlock(String fileId, String lockId) {
        return unexpected("unlock");
    }

    @Override
    public Uni<Lock> relock(String fileId, Relock request) {
        return unexpected("relock");
    }

    @Override
    public Uni<LockPage> list(String cursor, int limit) {
        return unexpected("list");
    }

    @Override
    public Uni<Void> forceUnlock(String fileId) {
        return unexpected("forceUnlock");
    }

    @Override
    public Uni<Void> readiness() {
        return unexpected("readiness");
    }
}
