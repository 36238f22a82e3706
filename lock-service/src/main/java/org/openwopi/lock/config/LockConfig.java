package org.openwopi.lock.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of lock-service, under {@code lock.}. */
@ConfigMapping(prefix = "lock")
public interface LockConfig {

    /** How long a lock lives without a refresh. WOPI fixes it at 30 minutes; shorter only for tests. */
    @WithDefault("PT30M")
    Duration ttl();

    /**
     * Prefix of every Redis key; the file id follows in a {@code {hash tag}} so that a file's lock and fencing counter
     * share a Redis Cluster slot. Give each deployment sharing one Redis its own prefix.
     */
    @WithDefault("wopi:")
    String keyPrefix();

    /**
     * The longest a lock operation waits for Redis before answering 503. Keep it at or below
     * {@code quarkus.redis.timeout}.
     */
    @WithDefault("PT1S")
    Duration redisTimeout();

    /** What a 503 tells clients in {@code Retry-After}. */
    @WithDefault("PT1S")
    Duration retryAfter();

    /** The most locks one page of the listing asks Redis for. */
    @WithDefault("1000")
    int maxPageSize();
}
