package org.openwopi.wopi.operations;

import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockClient;

import io.smallrye.mutiny.Uni;

/**
 * Writes to an unlocked file that must not race a WOPI client taking the lock: the write holds a short lock of its
 * own in lock-service, and carries that lock's fencing token to storage-service. A lock taken between a check and a
 * write could otherwise be overtaken unseen; with the token, storage-service refuses the write of a superseded lock.
 */
@ApplicationScoped
public class GuardedWrites {

    private static final Logger LOG = Logger.getLogger(GuardedWrites.class);
    /** Lock ids of these writes start with this, so the lock list tells them from Office's. */
    private static final String LOCK_PREFIX = "openwopi-user-api:";

    private final LockClient locks;

    GuardedWrites(LockClient locks) {
        this.locks = locks;
    }

    /**
     * Runs {@code work} with the fencing token of a lock of its own, released afterwards whatever happens.
     *
     * @param whenLocked the failure to answer when someone else holds the file (given their lock, or null when it
     *                   went in the meantime)
     */
    public <T> Uni<T> underOwnLock(String fileId, String userId, String clientApp,
                                   Function<LockClient.Lock, RuntimeException> whenLocked, Function<Long, Uni<T>> work) {
        String lockId = LOCK_PREFIX + UUID.randomUUID();
        return locks.acquire(fileId, new LockClient.Acquire(lockId, userId, clientApp))
                .onFailure(e -> e instanceof DependencyException d && d.status() == 409)
                .recoverWithUni(e -> locks.current(fileId).map(holder -> {
                    throw whenLocked.apply(holder);
                }))
                .flatMap(acquired -> work.apply(acquired.fencingToken())
                        .onTermination().call(() -> locks.unlock(fileId, lockId)
                                .onFailure().invoke(e -> LOG.warnf("Could not release the write lock on %s: %s "
                                        + "(it expires by itself)", fileId, e.getMessage()))
                                .onFailure().recoverWithNull()));
    }
}
