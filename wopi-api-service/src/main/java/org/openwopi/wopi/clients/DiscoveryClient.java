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

    /** Whether the service is ready (fails when not). */
    Uni<Void> readiness();

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

    @RegisterForReflection
    record ActionInfo(String app, String favIconUrl, String name, String ext) {
    }

    @RegisterForReflection
    record ResolvedAction(String url, ActionInfo action) {
    }
}
