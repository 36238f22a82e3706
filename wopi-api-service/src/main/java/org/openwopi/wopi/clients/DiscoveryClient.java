package org.openwopi.wopi.clients;

import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** discovery-service, as wopi-api-service uses it. */
public interface DiscoveryClient {

    /** The service's name, the audience of the credential it accepts. */
    String SERVICE = "discovery-service";

    Uni<ProofKeys> proofKeys(String client);

    /** Fetch the client's discovery again now, unless another replica just did (rate-limited there). */
    Uni<Refresh> refresh(String client);

    Uni<ResolvedAction> resolve(String client, ResolveRequest request);

    /** The client's action for an extension (or the one it falls back to); fails with a 404 when it has none. */
    Uni<ActionInfo> action(String client, String ext, String action);

    /** Whether the service is ready (fails when not). */
    Uni<Void> readiness();

    /** What discovery-service knows of every WOPI client: fetched when, fresh or stale, proof keys. */
    Uni<java.util.List<ClientStatus>> clients();

    /** @param state FRESH, STALE (an older copy, still served) or MISSING */
    @RegisterForReflection
    record ClientStatus(String name, String url, String netZone, String state, Instant fetchedAt, Long ageSeconds,
                        Instant lastAttemptAt, String lastError, boolean proofKeysPresent,
                        java.util.List<String> proofKeyProblems) {
    }

    @RegisterForReflection
    record ProofKey(String modulus, String exponent) {
    }

    @RegisterForReflection
    record ProofKeys(ProofKey current, ProofKey old, Instant fetchedAt) {
    }

    @RegisterForReflection
    record Refresh(boolean fetched, boolean rateLimited, Instant fetchedAt) {
    }

    @RegisterForReflection
    record ResolveRequest(String ext, String action, String wopiSrc, Map<String, String> placeholders) {
    }

    /**
     * @param client       discovery-service's name of the client
     * @param name         the action found, which is not the one asked for when {@code fellBackFrom} is set
     * @param targetext    what a {@code convert} action converts to
     * @param fellBackFrom the action asked for when the client lacks it and offers {@code name} instead
     */
    @RegisterForReflection
    record ActionInfo(String client, String app, String favIconUrl, String name, String ext, String targetext,
                      String fellBackFrom) {
    }

    @RegisterForReflection
    record ResolvedAction(String url, ActionInfo action) {
    }
}
