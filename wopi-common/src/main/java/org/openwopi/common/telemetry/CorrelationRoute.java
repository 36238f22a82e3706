package org.openwopi.common.telemetry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Ahead of every route, also the service-credential check (so its refusals are logged with the id too): the
 * correlation id wopi-api-service sent along as baggage goes into this request's log context.
 */
@ApplicationScoped
public class CorrelationRoute {

    /** Before {@code ServiceAuthRoute} (-1000). */
    static final int ORDER = -1100;

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::enter);
    }

    private void enter(RoutingContext ctx) {
        Correlation.enter(Correlation.fromBaggage(ctx.request().getHeader(Correlation.BAGGAGE_HEADER)));
        ctx.next();
    }
}
