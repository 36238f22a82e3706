package org.openwopi.wopi.health;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;

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

    private final LockClient lock;
    private final StorageClient storage;
    private final DiscoveryClient discovery;

    DependenciesHealthCheck(LockClient lock, StorageClient storage, DiscoveryClient discovery) {
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

    private static Uni<String> probe(Supplier<Uni<? extends Void>> readiness) {
        return Uni.createFrom().deferred(readiness)
                .ifNoItem().after(DEADLINE).fail()
                .map(ready -> "UP")
                .onFailure().recoverWithItem(DependenciesHealthCheck::reason);
    }

    private static String reason(Throwable failure) {
        if (failure instanceof DependencyException dependency) {
            return "DOWN: HTTP " + dependency.status();
        }
        if (failure instanceof TimeoutException) {
            return "DOWN: no answer within " + DEADLINE.toSeconds() + "s";
        }
        String message = failure.getMessage();
        return "DOWN: " + (message == null ? failure.getClass().getSimpleName() : message);
    }
}
