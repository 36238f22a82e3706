package org.openwopi.wopi.host;

import java.net.URI;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.common.RouteProblems;
import org.openwopi.wopi.config.WopiConfig;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The defence against cross-site request forgery for what a browser session cookie authenticates (the user API, the
 * host page, sign-out). SameSite cookies alone are not enough (older browsers, same-site subdomains, top-level
 * navigations), so every state-changing request that carries cookies and no Authorization header must show it comes from our own
 * pages: a browser says so in {@code Sec-Fetch-Site} or {@code Origin}, which a page elsewhere cannot forge; a client
 * that sends neither must send {@code X-Requested-With}, which a cross-site form or simple request cannot carry.
 * Bearer-token calls need none of this (no browser attaches a token by itself), nor does WOPI (its token is in the
 * URL, and its requests are signed by the WOPI client). Signing out is a POST for the same reason: a GET could be
 * triggered by any image tag.
 */
@ApplicationScoped
public class CrossSiteRequests {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final String origin;
    private final String logoutPath;
    private final ObjectMapper json;

    CrossSiteRequests(WopiConfig config, ObjectMapper json,
                      @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.oidc.web.logout.path",
                              defaultValue = "/logout") String logoutPath) {
        URI base = URI.create(config.publicBaseUrl());
        this.origin = base.getScheme() + "://" + base.getRawAuthority();
        this.logoutPath = logoutPath;
        this.json = json;
    }

    void register(@Observes Router router) {
        // Ahead of everything: authentication (OIDC's sign-out happens there) and the streaming routes (-100).
        router.route().order(-1000).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        boolean guarded = path.startsWith("/api/") || path.startsWith("/admin/") || path.startsWith("/host/") || path.equals(logoutPath);
        if (!guarded) {
            ctx.next();
            return;
        }
        if (path.equals(logoutPath) && request.method() != HttpMethod.POST) {
            ctx.response().putHeader("Allow", "POST");
            refuse(ctx, new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "sign out with a POST from this site's page"));
            return;
        }
        // Forgery needs a credential the browser adds by itself: a cookie. Without one there is nothing to abuse.
        boolean ambient = request.getHeader("Cookie") != null && request.getHeader("Authorization") == null;
        if (SAFE.contains(request.method()) || !ambient || sameSite(request)) {
            ctx.next();
            return;
        }
        refuse(ctx, new ApiException(ErrorCode.FORBIDDEN, "a cross-site request was refused: send it from this site's "
                + "pages, or authenticate with a bearer token"));
    }

    /** Whether the browser (or a non-browser client) shows the request comes from our own origin. */
    boolean sameSite(HttpServerRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            return fetchSite.equals("same-origin") || fetchSite.equals("none");
        }
        String from = request.getHeader("Origin");
        if (from != null) {
            return from.equals(origin);
        }
        return request.getHeader("X-Requested-With") != null;
    }

    private void refuse(RoutingContext ctx, ApiException problem) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            request.handler(ignored -> { });
            request.resume();
        }
        RouteProblems.write(ctx.response(), problem, json::writeValueAsString);
    }
}
