package org.openwopi.wopi.health;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;

import io.quarkus.runtime.annotations.RegisterForReflection;
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

    /** One dependency: ready, or why not ("HTTP 503", "no answer within 3s", ...). */
    @RegisterForReflection
    public record State(String name, boolean ready, String problem) {
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return states().map(states -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("dependencies");
            states.forEach(state -> response.withData(state.name(), state.ready() ? "UP" : "DOWN: " + state.problem()));
            return response.status(states.stream().allMatch(State::ready)).build();
        });
    }

    /** lock-, storage- and discovery-service, asked in parallel, each within the deadline (the operator console too). */
    public Uni<List<State>> states() {
        return Uni.join().all(probe(LockClient.SERVICE, lock::readiness), probe(StorageClient.SERVICE, storage::readiness),
                probe(DiscoveryClient.SERVICE, discovery::readiness)).andFailFast();
    }

    private static Uni<State> probe(String name, Supplier<Uni<? extends Void>> readiness) {
        return Uni.createFrom().deferred(readiness)
                .ifNoItem().after(DEADLINE).fail()
                .map(ready -> new State(name, true, null))
                .onFailure().recoverWithItem(failure -> new State(name, false, reason(failure)));
    }

    private static String reason(Throwable failure) {
        if (failure instanceof DependencyException dependency) {
            return "HTTP " + dependency.status();
        }
        if (failure instanceof TimeoutException) {
            return "no answer within " + DEADLINE.toSeconds() + "s";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
