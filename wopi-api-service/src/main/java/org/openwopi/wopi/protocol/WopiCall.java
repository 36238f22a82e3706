package org.openwopi.wopi.protocol;

import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.Permission;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * One authenticated WOPI request: which endpoint it names and the token it carried (already verified, and scoped
 * to the endpoint's file or folder).
 *
 * @param kind     {@code files}, {@code containers} or {@code ecosystem}
 * @param id       the file or folder id; empty for the ecosystem
 * @param sub      what follows the id ({@code contents}, {@code ancestry}, {@code children}, ...), empty for none
 * @param override the X-WOPI-Override header, upper-cased; empty for none
 */
public record WopiCall(RoutingContext ctx, String kind, String id, String sub, String override, AccessToken token) {

    public HttpServerRequest request() {
        return ctx.request();
    }

    /** A request header, with an empty value taken as absent (Office sends empty lock headers when it holds none). */
    public String header(String name) {
        String value = ctx.request().getHeader(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public String userId() {
        return token.userId();
    }

    public void require(Permission permission, String what) {
        if (!AccessGate.allows(token, permission)) {
            throw WopiException.unauthorized("the access token does not allow " + what);
        }
    }

    /** The declared body length, or null when the body is chunked. */
    public Long contentLength() {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared == null) {
            return null;
        }
        try {
            long length = Long.parseLong(declared.trim());
            if (length < 0) {
                throw WopiException.badRequest("negative Content-Length");
            }
            return length;
        } catch (NumberFormatException e) {
            throw WopiException.badRequest("Content-Length is not a number");
        }
    }
}
