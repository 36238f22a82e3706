package org.openwopi.wopi.operations;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.LockClient.Lock;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;

import io.smallrye.mutiny.Uni;

/**
 * The WOPI lock rules every write shares: which lock a request claims, whether it matches the file's, and how
 * lock-service's and storage-service's lock refusals read in WOPI (409 with the current lock in X-WOPI-Lock).
 */
@ApplicationScoped
public class LockGate {

    private final LockClient locks;

    LockGate(LockClient locks) {
        this.locks = locks;
    }

    /** The lock on the file, or null when it is not locked. */
    public Uni<Lock> current(String fileId) {
        return locks.current(fileId);
    }

    /**
     * For operations that must respect a lock held by someone else: an unlocked file passes unless the caller claims
     * a lock, a locked one only with its lock id.
     */
    static void requireMatches(Lock lock, String lockHeader) {
        if (lock == null && lockHeader != null) {
            throw WopiException.lockConflict("", "the file is not locked");
        }
        if (lock != null && !lock.lockId().equals(lockHeader)) {
            throw WopiException.lockConflict(lock.lockId(),
                    lockHeader == null ? "the file is locked" : "the file is locked with another lock id");
        }
    }

    /** The lock id the request claims in {@code header}: required, at most 1024 characters. */
    static String lockId(WopiCall call, String header) {
        String lockId = call.header(header);
        if (lockId == null) {
            throw WopiException.badRequest(header + " is missing");
        }
        requireLength(lockId, header);
        return lockId;
    }

    static void requireLength(String lockId, String header) {
        if (lockId != null && lockId.length() > WopiHeaders.MAX_LOCK_LENGTH) {
            throw WopiException.badRequest(header + " is longer than " + WopiHeaders.MAX_LOCK_LENGTH + " characters");
        }
    }

    /** The answer when our own short write lock is refused: WOPI's lock mismatch, naming the lock that holds the file. */
    static Function<Lock, RuntimeException> lockHeld(String reason) {
        return lock -> WopiException.lockConflict(lock == null ? "" : lock.lockId(), reason);
    }

    /** lock-service's 409 is WOPI's lock mismatch, its 400 WOPI's; anything else goes to the common translation. */
    static Throwable lockFailure(Throwable failure) {
        if (failure instanceof DependencyException d && d.service().equals(LockClient.SERVICE)) {
            if (d.status() == 409) {
                String current = d.member("currentLockId");
                String reason = d.member("reason");
                return WopiException.lockConflict(current == null ? "" : current, reason == null ? "lock mismatch" : reason);
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
}
