package org.openwopi.discovery.service;

import java.time.Duration;
import java.time.Instant;

import org.openwopi.discovery.config.DiscoveryConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClient;

/** What one replica knows of one WOPI client. The in-flight fetch is guarded by the state's own lock. */
public final class ClientState {

    private final String name;
    final DiscoveryConfig.Client config;
    final HttpClient http;
    volatile CachedCopy copy;
    volatile String lastError;
    volatile Instant lastAttemptAt;
    volatile Instant lastForcedAt = Instant.EPOCH;
    /** The fetch under way, shared by every caller that wants one meanwhile (single flight). */
    Uni<CachedCopy> inFlight;

    ClientState(String name, DiscoveryConfig.Client config, HttpClient http) {
        this.name = name;
        this.config = config;
        this.http = http;
    }

    public String name() {
        return name;
    }

    public DiscoveryConfig.Client config() {
        return config;
    }

    /** The copy in use, or null before the first successful fetch or adoption. */
    public CachedCopy copy() {
        return copy;
    }

    /** Why the last fetch failed; null after a success. */
    public String lastError() {
        return lastError;
    }

    public Instant lastAttemptAt() {
        return lastAttemptAt;
    }

    /** Whether the copy is older than the refresh interval (a copy is served stale rather than not at all). */
    public boolean isStale() {
        return copy != null && isDue(Instant.now());
    }

    boolean isDue(Instant now) {
        CachedCopy current = copy;
        return current == null || !current.url().equals(config.url().toString())
                || Duration.between(current.fetchedAt(), now).compareTo(config.refreshInterval()) >= 0;
    }

    /** Seconds since the copy was fetched; -1 without a copy. */
    public double ageSeconds() {
        CachedCopy current = copy;
        return current == null ? -1 : Duration.between(current.fetchedAt(), Instant.now()).toMillis() / 1000.0;
    }
}
