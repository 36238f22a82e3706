package org.openwopi.wopi.clients;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * lock-service, as wopi-api-service uses it. A refused lock change (409) fails with a {@link DependencyException}
 * carrying {@code currentLockId} and {@code reason}; a service that cannot be reached or does not answer in time
 * fails with what {@code protocol/Failures} turns into 503.
 */
public interface LockClient {

    /** The service's name, the audience of the credential it accepts. */
    String SERVICE = "lock-service";

    /** The file's lock, or null when it has none. */
    Uni<Lock> current(String fileId);

    /**
     * The locks of those of {@code fileIds} that are locked, by file id (a listing's page, in one request). By default
     * one {@link #current} per file.
     */
    default Uni<java.util.Map<String, Lock>> current(java.util.List<String> fileIds) {
        if (fileIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Uni.join().all(fileIds.stream().map(this::current).toList()).andFailFast().map(locks -> {
            java.util.Map<String, Lock> byFile = new java.util.HashMap<>();
            locks.stream().filter(java.util.Objects::nonNull).forEach(lock -> byFile.put(lock.fileId(), lock));
            return byFile;
        });
    }

    Uni<Lock> acquire(String fileId, Acquire request);

    Uni<Lock> refresh(String fileId, String lockId);

    Uni<Lock> unlock(String fileId, String lockId);

    Uni<Lock> relock(String fileId, Relock request);

    /** An operator's force-unlock. */
    Uni<Void> forceUnlock(String fileId);

    /** Every lock held now, a page at a time ({@code cursor} "0" first; the page's {@code nextCursor} "0" when done). */
    Uni<LockPage> list(String cursor, int limit);

    /** Whether the service is ready (fails when not). */
    Uni<Void> readiness();

    @RegisterForReflection
    record Acquire(String lockId, String userId, String clientApp) {
    }

    @RegisterForReflection
    record Relock(String oldLockId, String lockId, String userId, String clientApp) {
    }

    /** {@code users}: everyone whose session locked with this id (co-authors share one), the holder first. */
    @RegisterForReflection
    record Holder(String userId, String clientApp, Instant acquiredAt, java.util.List<String> users) {
    }

    @RegisterForReflection
    record Lock(String fileId, String lockId, Instant expiresAt, long fencingToken, Holder holder, String outcome) {
    }

    /** One page of lock-service's listing. */
    @RegisterForReflection
    record LockPage(java.util.List<Lock> locks, String nextCursor) {
    }
}
