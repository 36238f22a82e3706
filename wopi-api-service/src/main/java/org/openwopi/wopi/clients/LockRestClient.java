package org.openwopi.wopi.clients;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openwopi.common.serviceauth.ServiceTokens;

import io.quarkus.arc.Arc;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * lock-service's HTTP API, as wopi-api-service uses it. A refused lock operation (409) arrives as a
 * {@link DependencyException} carrying {@code currentLockId} and {@code reason}. Only reads are retried: an
 * acquire that timed out may have happened, and repeating it is the caller's decision.
 */
@RegisterRestClient(configKey = "lock-service")
@Path("/")
@Timeout(value = 5, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
        skipOn = DependencyException.class)
@ClientHeaderParam(name = "Authorization", value = "{serviceCredential}")
public interface LockRestClient {

    /** The service's name, the audience of the credential it accepts. */
    String AUDIENCE = "lock-service";

    /** wopi-api-service's service credential for this service ({@code null}, and no header, without a signing key). */
    default String serviceCredential() {
        return Arc.container().instance(ServiceTokens.class).get().authorization(AUDIENCE);
    }

    /** The service's readiness; any non-2xx answer arrives as a failure. */
    @GET
    @Path("/q/health/ready")
    Uni<String> readiness();

    @GET
    @Path("/locks/{fileId}")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<Lock> get(@PathParam("fileId") String fileId);

    @POST
    @Path("/locks/{fileId}/acquire")
    Uni<Lock> acquire(@PathParam("fileId") String fileId, Acquire request);

    @POST
    @Path("/locks/{fileId}/refresh")
    Uni<Lock> refresh(@PathParam("fileId") String fileId, LockIdOnly request);

    @POST
    @Path("/locks/{fileId}/unlock")
    Uni<Lock> unlock(@PathParam("fileId") String fileId, LockIdOnly request);

    @POST
    @Path("/locks/{fileId}/relock")
    Uni<Lock> relock(@PathParam("fileId") String fileId, Relock request);

    /** An operator's force-unlock. */
    @DELETE
    @Path("/locks/{fileId}")
    Uni<Void> forceUnlock(@PathParam("fileId") String fileId);

    @ClientExceptionMapper
    static DependencyException toException(Response response) {
        return DependencyException.from("lock-service", response);
    }

    @RegisterForReflection
    record Acquire(String lockId, String userId, String clientApp) {
    }

    @RegisterForReflection
    record LockIdOnly(String lockId) {
    }

    @RegisterForReflection
    record Relock(String oldLockId, String lockId, String userId, String clientApp) {
    }

    @RegisterForReflection
    record Holder(String userId, String clientApp, Instant acquiredAt) {
    }

    @RegisterForReflection
    record Lock(String fileId, String lockId, Instant expiresAt, long fencingToken, Holder holder, String outcome) {
    }
}
