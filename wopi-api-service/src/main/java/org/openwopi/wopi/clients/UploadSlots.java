package org.openwopi.wopi.clients;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.config.WopiConfig;

/**
 * Admission of uploads on this replica: at most {@code wopi.uploads.per-user} at once for one user and
 * {@code wopi.uploads.total} for everyone, each holding one connection to storage-service. One user sending many slow
 * uploads once held every connection of the pool, and every other user's save waited behind them; now the excess is
 * answered 429 with Retry-After at once, and the pool is sized above the total so it never queues.
 */
@ApplicationScoped
public class UploadSlots {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final int perUser;
    private final int total;
    private final AtomicInteger inUse = new AtomicInteger();
    /** Uploads under way by user; a user with none has no entry. */
    private final ConcurrentHashMap<String, Integer> byUser = new ConcurrentHashMap<>();

    UploadSlots(WopiConfig config) {
        this.perUser = config.uploads().perUser();
        this.total = config.uploads().total();
    }

    /** The number of connections the upload pool needs: one per slot. */
    public int total() {
        return total;
    }

    /** A slot for one upload by {@code userId}; release it when the upload ends, however it ends. */
    public Slot acquire(String userId) {
        boolean[] admitted = new boolean[1];
        byUser.compute(userId, (user, running) -> {
            int count = running == null ? 0 : running;
            admitted[0] = count < perUser;
            return admitted[0] ? Integer.valueOf(count + 1) : running;
        });
        if (!admitted[0]) {
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "you have " + perUser
                    + " uploads under way already; send this one when one of them is done", java.util.Map.of(), RETRY_AFTER, null);
        }
        if (inUse.incrementAndGet() > total) {
            inUse.decrementAndGet();
            release(userId);
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "the service has " + total
                    + " uploads under way; send this one again shortly", java.util.Map.of(), RETRY_AFTER, null);
        }
        return new Slot(userId);
    }

    private void release(String userId) {
        byUser.computeIfPresent(userId, (user, running) -> running <= 1 ? null : Integer.valueOf(running - 1));
    }

    /** One admitted upload; {@link #release()} is idempotent. */
    public final class Slot {
        private final String userId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String userId) {
            this.userId = userId;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                inUse.decrementAndGet();
                UploadSlots.this.release(userId);
            }
        }
    }
}
