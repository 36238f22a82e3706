package org.openwopi.wopi.security.proof;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.config.WopiConfig;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Checks the proof headers of every WOPI request against the WOPI client's keys, which are held in process (no
 * remote call per request) and read again from discovery-service every {@code wopi.proof.cache-ttl}. When a proof
 * does not verify, the keys are refreshed once (discovery-service fetches the client's discovery; single-flight and
 * rate-limited here and there) and the proof checked again: that is what keeps documents open while the client
 * rotates its keys. With several WOPI clients, a request is checked against the keys of the client its access token
 * was handed to, and no other: one client's keys never vouch for a token another client was given.
 */
@ApplicationScoped
public class ProofValidator {

    private static final Logger LOG = Logger.getLogger(ProofValidator.class);

    private final DiscoveryClient discovery;
    private final WopiConfig.Proof config;
    private final Clock clock;

    /** Per WOPI client: names come only from tokens we signed, so the map holds at most the configured clients. */
    private final Map<String, ClientKeys> clients = new ConcurrentHashMap<>();

    @Inject
    ProofValidator(DiscoveryClient discovery, WopiConfig config) {
        this(discovery, config.proof(), Clock.systemUTC());
    }

    ProofValidator(DiscoveryClient discovery, WopiConfig.Proof config, Clock clock) {
        this.discovery = discovery;
        this.config = config;
        this.clock = clock;
    }

    void announce(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.warn("Proof-key checking is OFF (wopi.proof.enabled=false): any caller holding an access token is "
                    + "believed to be the WOPI client. Use this only for a WOPI client that does not sign requests.");
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * @param accessToken the access token as the query carried it, URL-decoded
     * @param url         the absolute public URL the client called, with the query exactly as sent
     * @return a Uni that completes when the proof holds, or fails with {@link ProofFailedException} saying which
     *         check failed (or with the failure to reach discovery-service when no keys were ever loaded)
     */
    public Uni<ProofSignature.Match> check(String accessToken, String url, String timestamp, String proof,
                                           String proofOld) {
        return check(null, accessToken, url, timestamp, proof, proofOld);
    }

    /**
     * @param client the WOPI client the access token was handed to ({@code null}: {@code wopi.proof.client})
     */
    public Uni<ProofSignature.Match> check(String client, String accessToken, String url, String timestamp,
                                           String proof, String proofOld) {
        ClientKeys holder = clients.computeIfAbsent(client == null ? config.client() : client, ClientKeys::new);
        if (proof == null || proof.isBlank()) {
            return Uni.createFrom().failure(new ProofFailedException("no X-WOPI-Proof header"));
        }
        long ticks;
        try {
            ticks = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(new ProofFailedException("X-WOPI-TimeStamp missing or not a number"));
        }
        Instant signedAt = ProofSignature.ticksToInstant(ticks);
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(config.maxAge()))) {
            return Uni.createFrom().failure(new ProofFailedException("X-WOPI-TimeStamp " + signedAt
                    + " is older than " + config.maxAge()));
        }
        if (signedAt.isAfter(now.plus(config.maxSkew()))) {
            return Uni.createFrom().failure(new ProofFailedException("X-WOPI-TimeStamp " + signedAt
                    + " is in the future"));
        }
        byte[] expected = ProofSignature.expectedBytes(accessToken, url, ticks);
        return holder.keys(false)
                .onFailure(e -> e instanceof DependencyException d && d.status() == 404)
                .transform(e -> new ProofFailedException("the access token is for WOPI client '" + holder.name
                        + "', which discovery-service does not know (any more)"))
                .flatMap(keys -> {
            ProofSignature.Match match = ProofSignature.verify(expected, proof, proofOld, keys);
            if (match != null) {
                return Uni.createFrom().item(match);
            }
            return holder.keys(true).map(refreshed -> {
                ProofSignature.Match again = refreshed == keys ? null : ProofSignature.verify(expected, proof, proofOld, refreshed);
                if (again == null) {
                    throw new ProofFailedException("neither X-WOPI-Proof nor X-WOPI-ProofOld verifies with the current "
                            + "or old proof key of client '" + holder.name + "' (keys fetched " + refreshed.fetchedAt() + ")");
                }
                return again;
            });
        });
    }

    /** The keys of {@code wopi.proof.client} (tests). */
    Uni<ProofKeySet> keys(boolean force) {
        return clients.computeIfAbsent(config.client(), ClientKeys::new).keys(force);
    }

    /** One client's keys, loaded once and shared by every request its tokens carry. */
    private final class ClientKeys {

        private final String name;
        private final AtomicReference<Loaded> loaded = new AtomicReference<>();
        private final AtomicReference<CompletableFuture<ProofKeySet>> inflight = new AtomicReference<>();
        private volatile Instant lastForcedRefresh = Instant.EPOCH;

        ClientKeys(String name) {
            this.name = name;
        }

        /**
         * @param force read the keys again after asking discovery-service to fetch the client's discovery, unless that
         *              was done less than {@code refresh-min-interval} ago (then the keys held are answered)
         */
        Uni<ProofKeySet> keys(boolean force) {
            Loaded current = loaded.get();
            Instant now = clock.instant();
            if (current != null && !force && current.loadedAt.plus(config.cacheTtl()).isAfter(now)) {
                return Uni.createFrom().item(current.keys);
            }
            if (current != null && force && lastForcedRefresh.plus(config.refreshMinInterval()).isAfter(now)) {
                return Uni.createFrom().item(current.keys);
            }
            CompletableFuture<ProofKeySet> mine = new CompletableFuture<>();
            CompletableFuture<ProofKeySet> running = inflight.compareAndExchange(null, mine);
            if (running != null) {
                return Uni.createFrom().completionStage(running);
            }
            if (force) {
                lastForcedRefresh = now;
            }
            Uni<DiscoveryClient.ProofKeys> fetch = force
                    ? discovery.refresh(name)
                            .onFailure().invoke(e -> LOG.warnf("Forced discovery refresh failed: %s", e.getMessage()))
                            .onFailure().recoverWithNull()
                            .flatMap(ignored -> discovery.proofKeys(name))
                    : discovery.proofKeys(name);
            fetch.map(ProofValidator::toKeySet)
                    .subscribe().with(keys -> {
                        Loaded previous = loaded.get();
                        if (previous == null || !sameKeys(previous.keys, keys)) {
                            LOG.infof("Proof keys of client '%s' loaded (discovery fetched %s)", name, keys.fetchedAt());
                        }
                        loaded.set(new Loaded(keys, clock.instant()));
                        inflight.set(null);
                        mine.complete(keys);
                    }, failure -> {
                        inflight.set(null);
                        Loaded previous = loaded.get();
                        if (previous != null) {
                            // Stale keys beat no keys: discovery-service being down must not close every document.
                            LOG.warnf("Could not read proof keys from discovery-service (%s); keeping those of %s",
                                    failure.getMessage(), previous.keys.fetchedAt());
                            mine.complete(previous.keys);
                        } else {
                            mine.completeExceptionally(failure);
                        }
                    });
            return Uni.createFrom().completionStage(mine);
        }
    }

    private static boolean sameKeys(ProofKeySet a, ProofKeySet b) {
        return a.current().equals(b.current()) && Objects.equals(a.old(), b.old());
    }

    private static ProofKeySet toKeySet(DiscoveryClient.ProofKeys keys) {
        if (keys == null || keys.current() == null) {
            throw new IllegalStateException("discovery-service lists no proof key for the client");
        }
        try {
            PublicKey current = ProofKeySet.rsaKey(keys.current().modulus(), keys.current().exponent());
            PublicKey old = keys.old() == null || keys.old().modulus() == null ? null
                    : ProofKeySet.rsaKey(keys.old().modulus(), keys.old().exponent());
            return new ProofKeySet(current, old, keys.fetchedAt());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("discovery-service's proof key is not an RSA key: " + e.getMessage(), e);
        }
    }

    private record Loaded(ProofKeySet keys, Instant loadedAt) {
    }
}
