package org.openwopi.common.serviceauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.openwopi.common.ApiException;
import org.openwopi.common.RouteProblems;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Ahead of every other route of an internal service (Quarkus REST and the streaming Vert.x routes alike): a call
 * without a valid service credential gets 401 before any work, and before a body is read. Health and metrics under
 * {@code /q/} stay open for the kubelet and Prometheus (the NetworkPolicies decide who reaches them).
 */
@ApplicationScoped
public class ServiceAuthRoute {

    /** Before the services' own routes (the streaming ones sit at -100). */
    static final int ORDER = -1000;

    private final ServiceCredentials credentials;
    private final ObjectMapper json;

    ServiceAuthRoute(ServiceCredentials credentials, ObjectMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    void register(@Observes Router router) {
        // Also loads the keys now: a service that cannot check credentials must not start.
        if (!credentials.enforced()) {
            return;
        }
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/q/")) {
            ctx.next();
            return;
        }
        try {
            credentials.check(ctx.request().getHeader("Authorization"));
            ctx.next();
        } catch (ApiException refused) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"openwopi-internal\"");
            RouteProblems.write(ctx.response(), refused, json::writeValueAsString);
        }
    }
}
