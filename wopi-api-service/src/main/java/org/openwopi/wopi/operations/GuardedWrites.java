package org.openwopi.wopi.operations;

import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockRestClient;

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

    private final LockRestClient locks;

    GuardedWrites(@RestClient LockRestClient locks) {
        this.locks = locks;
    }

    /**
     * Runs {@code work} with the fencing token of a lock of its own, released afterwards whatever happens.
     *
     * @param whenLocked the failure to answer when someone else holds the file (given their lock, or null when it
     *                   went in the meantime)
     */
    public <T> Uni<T> underOwnLock(String fileId, String userId, String clientApp,
                                   Function<LockRestClient.Lock, RuntimeException> whenLocked, Function<Long, Uni<T>> work) {
        String lockId = LOCK_PREFIX + UUID.randomUUID();
        return locks.acquire(fileId, new LockRestClient.Acquire(lockId, userId, clientApp))
                .onFailure(e -> e instanceof DependencyException d && d.status() == 409)
                .recoverWithUni(e -> current(fileId).map(holder -> {
                    throw whenLocked.apply(holder);
                }))
                .flatMap(acquired -> work.apply(acquired.fencingToken())
                        .onTermination().call(() -> locks.unlock(fileId, new LockRestClient.LockIdOnly(lockId))
                                .onFailure().invoke(e -> LOG.warnf("Could not release the write lock on %s: %s "
                                        + "(it expires by itself)", fileId, e.getMessage()))
                                .onFailure().recoverWithNull()));
    }

    /** The lock on the file, or null. */
    public Uni<LockRestClient.Lock> current(String fileId) {
        return locks.get(fileId).onFailure(e -> e instanceof DependencyException d && d.status() == 404)
                .recoverWithItem((LockRestClient.Lock) null);
    }
}
