package org.openwopi.wopi.host;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.openwopi.wopi.config.WopiConfig;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sign-in happens at the public URL only. The OIDC redirect_uri is built from the request's own host, so a request
 * that reached us under another Host header (a spoofed one, or the pod's address) could send the identity
 * provider's code elsewhere: the sign-in, sign-out and host-page paths answer 421 Misdirected Request unless the
 * request names the host and port of {@code wopi.public-base-url}.
 */
@ApplicationScoped
public class PublicHostCheck {

    private final String authority;
    private final String publicBase;

    PublicHostCheck(WopiConfig config) {
        URI base = URI.create(config.publicBaseUrl());
        int port = base.getPort();
        boolean defaultPort = port < 0 || ("https".equals(base.getScheme()) && port == 443)
                || ("http".equals(base.getScheme()) && port == 80);
        this.authority = (base.getHost() + (defaultPort ? "" : ":" + port)).toLowerCase(java.util.Locale.ROOT);
        this.publicBase = config.publicBaseUrl();
    }

    void register(@Observes Router router) {
        router.route().order(-1001).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean signIn = path.equals("/login") || path.equals("/logout") || path.startsWith("/host/");
        if (!signIn || authority.equals(requested(ctx))) {
            ctx.next();
            return;
        }
        ctx.request().resume();
        ctx.response().setStatusCode(421).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Sign in at " + publicBase + ": this address is not the one the service is published at.");
    }

    private static String requested(RoutingContext ctx) {
        String host = ctx.request().getHeader("Host");
        if (host == null) {
            return "";
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        return host.endsWith(":80") || host.endsWith(":443") ? host.substring(0, host.lastIndexOf(':')) : host;
    }
}
