package org.openwopi.discovery.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.openwopi.discovery.service.ClientState;
import org.openwopi.discovery.service.DiscoveryService;

/**
 * Ready while every configured WOPI client has a copy, even a stale one: serving the last good document keeps editing
 * alive while a client is down. Not ready only when some client has no copy at all. Redis is not required: a replica
 * with its own copy serves correctly without it.
 */
@Readiness
@ApplicationScoped
public class DiscoveryHealthCheck implements HealthCheck {

    private final DiscoveryService discovery;

    DiscoveryHealthCheck(DiscoveryService discovery) {
        this.discovery = discovery;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("wopi-discovery");
        if (discovery.clients().isEmpty()) {
            return response.up().withData("clients", "none configured").build();
        }
        boolean up = true;
        for (ClientState client : discovery.clients()) {
            String state;
            if (client.copy() == null) {
                up = false;
                state = "MISSING" + (client.lastError() == null ? "" : ": " + client.lastError());
            } else if (client.isStale()) {
                state = "STALE (degraded): copy is " + (long) client.ageSeconds() + " s old"
                        + (client.lastError() == null ? "" : "; " + client.lastError());
            } else {
                state = "FRESH";
            }
            if (client.copy() != null && client.copy().document().proofKeys().map(k -> !k.consistent()).orElse(false)) {
                state += "; proof keys inconsistent: " + client.copy().document().proofKeys().get().problems();
            }
            response.withData(client.name(), state);
        }
        return response.status(up).build();
    }
}
