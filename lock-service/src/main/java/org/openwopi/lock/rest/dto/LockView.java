package org.openwopi.lock.rest.dto;

import java.time.Instant;

import org.openwopi.lock.model.Lock;
import org.openwopi.lock.model.LockOutcome;

/**
 * A lock as the API shows it.
 *
 * @param outcome what the call did (ACQUIRED, REFRESHED, RELOCKED, UNLOCKED, FOUND)
 */
public record LockView(String fileId, String lockId, Instant expiresAt, long fencingToken, Holder holder, LockOutcome outcome) {

    /** {@code users}: everyone whose session locked with this id (co-authors share one), the holder first. */
    public record Holder(String userId, String clientApp, Instant acquiredAt, java.util.List<String> users) {
    }

    public static LockView from(Lock lock, LockOutcome outcome) {
        return new LockView(lock.fileId(), lock.lockId(), lock.expiresAt(), lock.fencingToken(),
                new Holder(lock.holder().userId(), lock.holder().clientApp(), lock.holder().acquiredAt(),
                        lock.holder().users()), outcome);
    }
}
