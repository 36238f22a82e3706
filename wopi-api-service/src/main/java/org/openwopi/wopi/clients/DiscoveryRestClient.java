package org.openwopi.wopi.clients;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openwopi.common.serviceauth.ServiceTokens;

import io.quarkus.arc.Arc;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** discovery-service's HTTP API, as wopi-api-service uses it. */
@RegisterRestClient(configKey = "discovery-service")
@Path("/")
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@ClientHeaderParam(name = "Authorization", value = "{serviceCredential}")
public interface DiscoveryRestClient {

    /** The service's name, the audience of the credential it accepts. */
    String AUDIENCE = "discovery-service";

    /** wopi-api-service's service credential for this service ({@code null}, and no header, without a signing key). */
    default String serviceCredential() {
        return Arc.container().instance(ServiceTokens.class).get().authorization(AUDIENCE);
    }

    /** The service's readiness; any non-2xx answer arrives as a failure. */
    @GET
    @Path("/q/health/ready")
    Uni<String> readiness();

    @GET
    @Path("/discovery/clients/{client}/proof-keys")
    Uni<ProofKeys> proofKeys(@PathParam("client") String client);

    /** Fetch the client's discovery again now, unless another replica just did (rate-limited there). */
    @POST
    @Path("/discovery/clients/{client}/refresh")
    Uni<Refresh> refresh(@PathParam("client") String client);

    @POST
    @Path("/discovery/clients/{client}/resolve")
    Uni<ResolvedAction> resolve(@PathParam("client") String client, ResolveRequest request);

    @ClientExceptionMapper
    static DependencyException toException(Response response) {
        return DependencyException.from("discovery-service", response);
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

    @RegisterForReflection
    record ActionInfo(String app, String favIconUrl, String name, String ext) {
    }

    @RegisterForReflection
    record ResolvedAction(String url, ActionInfo action) {
    }
}
