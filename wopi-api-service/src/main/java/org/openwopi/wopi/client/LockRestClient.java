package org.openwopi.wopi.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** lock-service's HTTP API, as wopi-api-service uses it. */
@RegisterRestClient(configKey = "lock-service")
public interface LockRestClient {

    /** The service's readiness; any non-2xx answer arrives as a failure. */
    @GET
    @Path("/q/health/ready")
    Uni<String> readiness();
}
