package org.openwopi.wopi.security.token;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens whose signature was checked already. Office sends the same token with every request of an editing
 * session, and an ES256 verification costs far more than the rest of a CheckFileInfo (it was 90 % of
 * wopi-api-service's CPU under load): a token seen before is answered from here until it expires. Only the exact
 * token string hits, so a tampered token is always checked; nothing about a token can change while it lives, so the
 * memory is never wrong. Bounded: when full, the expired entries go, and if that is not enough, a tenth of the
 * capacity more (any tenth: each costs its owner one signature check next time), so a burst of new sessions never
 * makes every live session pay again at once.
 */
final class VerifiedTokens {

    private final ConcurrentHashMap<String, AccessToken> verified = new ConcurrentHashMap<>();
    private final int capacity;
    private final Clock clock;
    private final long skewSeconds;

    /**
     * @param skewSeconds the clock skew the signature check allows past {@code exp}, so a remembered token expires
     *                    exactly when a checked one would
     */
    VerifiedTokens(int capacity, Clock clock, long skewSeconds) {
        this.capacity = capacity;
        this.clock = clock;
        this.skewSeconds = skewSeconds;
    }

    /** The grant of a token verified before, expired or not, or null when it was not (or was forgotten). */
    AccessToken get(String token) {
        return verified.get(token);
    }

    /** Whether a grant still holds now (with the same skew the signature check allows). */
    boolean live(AccessToken grant) {
        return !expired(grant, clock.instant());
    }

    void forget(String token) {
        verified.remove(token);
    }

    void put(String token, AccessToken grant) {
        if (capacity <= 0) {
            return;
        }
        if (verified.size() >= capacity) {
            Instant now = clock.instant();
            verified.values().removeIf(remembered -> expired(remembered, now));
            int excess = verified.size() - (capacity - Math.max(1, capacity / 10));
            var entries = verified.keySet().iterator();
            while (excess-- > 0 && entries.hasNext()) {
                entries.next();
                entries.remove();
            }
        }
        verified.put(token, grant);
    }

    int size() {
        return verified.size();
    }

    private boolean expired(AccessToken grant, Instant now) {
        return !now.isBefore(grant.expiresAt().plusSeconds(skewSeconds));
    }
}
