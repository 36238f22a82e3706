package org.openwopi.wopi.clients;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/** {@link DiscoveryClient} over discovery-service's HTTP API. */
@ApplicationScoped
class HttpDiscoveryClient implements DiscoveryClient {

    private final ServiceCalls calls;

    HttpDiscoveryClient(InternalServices services) {
        this.calls = services.calls(SERVICE);
    }

    @Override
    public Uni<ProofKeys> proofKeys(String client) {
        return calls.read("/discovery/clients/" + InternalPaths.segment(client) + "/proof-keys", ProofKeys.class);
    }

    @Override
    public Uni<Refresh> refresh(String client) {
        return calls.write(HttpMethod.POST, "/discovery/clients/" + InternalPaths.segment(client) + "/refresh", null, Map.of(),
                Refresh.class);
    }

    @Override
    public Uni<ResolvedAction> resolve(String client, ResolveRequest request) {
        return calls.write(HttpMethod.POST, "/discovery/clients/" + InternalPaths.segment(client) + "/resolve", request,
                Map.of(), ResolvedAction.class);
    }

    @Override
    public Uni<ActionInfo> action(String client, String ext, String action) {
        return calls.read("/discovery/clients/" + InternalPaths.segment(client) + "/actions/" + InternalPaths.segment(ext)
                + "?action=" + java.net.URLEncoder.encode(action, java.nio.charset.StandardCharsets.UTF_8), ActionInfo.class);
    }

    @Override
    public Uni<java.util.List<ClientStatus>> clients() {
        return calls.read("/discovery/clients", calls.listOf(ClientStatus.class));
    }

    @Override
    public Uni<Void> readiness() {
        return calls.readiness();
    }
}
