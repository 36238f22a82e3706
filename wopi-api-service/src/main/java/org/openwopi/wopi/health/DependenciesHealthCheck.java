package org.openwopi.wopi.health;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.DiscoveryRestClient;
import org.openwopi.wopi.clients.LockRestClient;
import org.openwopi.wopi.clients.StorageRestClient;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * wopi-api-service can serve Office only when lock-, storage- and discovery-service are ready: their readiness is
 * asked in parallel, each with a deadline, and the first reason for each one that is not ready is reported.
 */
@Readiness
@ApplicationScoped
public class DependenciesHealthCheck implements AsyncHealthCheck {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final LockRestClient lock;
    private final StorageRestClient storage;
    private final DiscoveryRestClient discovery;

    DependenciesHealthCheck(@RestClient LockRestClient lock, @RestClient StorageRestClient storage,
                            @RestClient DiscoveryRestClient discovery) {
        this.lock = lock;
        this.storage = storage;
        this.discovery = discovery;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.combine().all()
                .unis(probe(lock::readiness), probe(storage::readiness), probe(discovery::readiness))
                .with((lockState, storageState, discoveryState) -> {
                    HealthCheckResponseBuilder response = HealthCheckResponse.named("dependencies")
                            .withData("lock-service", lockState)
                            .withData("storage-service", storageState)
                            .withData("discovery-service", discoveryState);
                    boolean up = "UP".equals(lockState) && "UP".equals(storageState) && "UP".equals(discoveryState);
                    return response.status(up).build();
                });
    }

    private static Uni<String> probe(Supplier<Uni<? extends String>> readiness) {
        return Uni.createFrom().deferred(readiness)
                .ifNoItem().after(DEADLINE).fail()
                .map(body -> "UP")
                .onFailure().recoverWithItem(DependenciesHealthCheck::reason);
    }

    private static String reason(Throwable failure) {
        if (failure instanceof DependencyException dependency) {
            return "DOWN: HTTP " + dependency.status();
        }
        if (failure instanceof WebApplicationException web) {
            return "DOWN: HTTP " + web.getResponse().getStatus();
        }
        if (failure instanceof TimeoutException) {
            return "DOWN: no answer within " + DEADLINE.toSeconds() + "s";
        }
        String message = failure.getMessage();
        return "DOWN: " + (message == null ? failure.getClass().getSimpleName() : message);
    }
}
