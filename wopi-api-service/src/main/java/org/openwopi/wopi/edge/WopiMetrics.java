package org.openwopi.wopi.edge;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.protocol.WopiOperation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What an SRE watches of the WOPI endpoints: every request timed by operation, status class and WOPI client (never
 * a file or user id: the labels stay few), lock conflicts, and saves refused.
 */
@ApplicationScoped
public class WopiMetrics {

    /** Where a 409 means another session holds the lock (or a different one). */
    private static final Set<WopiOperation> LOCKING = EnumSet.of(WopiOperation.LOCK, WopiOperation.UNLOCK,
            WopiOperation.REFRESH_LOCK, WopiOperation.PUT_FILE, WopiOperation.RENAME_FILE, WopiOperation.DELETE_FILE);

    private final MeterRegistry registry;
    private final Counter lockConflicts;
    private final Counter refusedSaves;

    WopiMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lockConflicts = Counter.builder("wopi.lock.conflicts")
                .description("WOPI lock operations and writes answered 409: another session's lock").register(registry);
        this.refusedSaves = Counter.builder("wopi.saves.refused")
                .description("PutFile requests answered with an error (lock, fencing, size, conflict)").register(registry);
    }

    /**
     * @param operation null when the request never got as far as naming one (unknown endpoint, bad token)
     * @param client    the WOPI client the token was handed to, null when unknown
     */
    public void answered(WopiOperation operation, String client, int status, long nanos) {
        Timer.builder("wopi.requests").description("WOPI requests by operation, status class and client")
                .tag("operation", operation == null ? "none" : operation.name())
                .tag("status", (status / 100) + "xx")
                .tag("client", client == null ? "unknown" : client)
                // Fixed buckets, not Micrometer's ~70: p99 per operation stays a few series per label set.
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry).record(Duration.ofNanos(nanos));
        if (operation != null && status == 409 && LOCKING.contains(operation)) {
            lockConflicts.increment();
        }
        if (operation == WopiOperation.PUT_FILE && status >= 400) {
            refusedSaves.increment();
        }
    }
}
