package org.openwopi.wopi.userapi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.common.RouteProblems;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The user API's JSON bodies are small (a name, a folder id), but the service takes bodies of up to a file's size
 * for uploads, and Quarkus REST reads a JSON body whole: without a bound of their own, one request could make it hold
 * gigabytes. A JSON body must declare its length, at most {@link #MAX_BYTES}; the two upload routes stream and are
 * bounded by storage-service instead.
 */
@ApplicationScoped
public class JsonBodyLimit {

    static final long MAX_BYTES = 64 * 1024;

    private final ObjectMapper json;

    JsonBodyLimit(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(-150).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpMethod method = request.method();
        boolean carriesBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        if (!carriesBody || streamed(method, request.path())) {
            ctx.next();
            return;
        }
        String declared = request.getHeader("Content-Length");
        ApiException refused = null;
        if (declared == null) {
            if (request.getHeader("Transfer-Encoding") != null) {
                refused = new ApiException(ErrorCode.LENGTH_REQUIRED, "a JSON body must declare its length (Content-Length)");
            }
        } else if (!declared.matches("\\d{1,19}") || Long.parseLong(declared) > MAX_BYTES) {
            refused = new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "a JSON body may be " + MAX_BYTES + " bytes at most");
        }
        if (refused == null) {
            ctx.next();
            return;
        }
        RouteProblems.writeAndClose(request, refused, json::writeValueAsString);
    }

    private static boolean streamed(HttpMethod method, String path) {
        return (method == HttpMethod.POST && path.equals("/api/files"))
                || (method == HttpMethod.PUT && path.startsWith("/api/files/") && path.endsWith("/content"));
    }
}
