package org.openwopi.wopi.host;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;

/**
 * Two ways to sign in, one identity provider: programs send a bearer token (the default, "service" tenant); people
 * in a browser sign in through the authorization-code flow (the "web" tenant, a session cookie). A request with an
 * Authorization header is always the former; the user API stays bearer-only for requests without the web session
 * cookie, so a program without a token gets 401, not a redirect to a login page.
 */
@ApplicationScoped
public class WebTenantResolver implements TenantResolver {

    static final String WEB = "web";
    private static final String SESSION_COOKIE = "q_session_" + WEB;

    private final boolean webEnabled;

    WebTenantResolver(@ConfigProperty(name = "quarkus.oidc.web.tenant-enabled", defaultValue = "true") boolean webEnabled) {
        this.webEnabled = webEnabled;
    }

    @Override
    public String resolve(RoutingContext context) {
        if (!webEnabled || context.request().getHeader("Authorization") != null) {
            return null;
        }
        String path = context.normalizedPath();
        if ((path.startsWith("/api/") || path.startsWith("/admin/")) && context.request().getCookie(SESSION_COOKIE) == null) {
            return null;
        }
        return WEB;
    }
}
