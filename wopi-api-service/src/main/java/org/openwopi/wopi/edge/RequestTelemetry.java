package org.openwopi.wopi.edge;

import org.openwopi.common.telemetry.Correlation;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiOperation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import io.vertx.core.http.HttpServerRequest;

/**
 * What a WOPI request's server span and log lines say about it, as it becomes known: Office's correlation and session
 * ids at once, the file and client once the token holds, the operation once the proof holds. Never the token, the
 * proof or anything else from the query string (SecretRedaction keeps those out of the HTTP attributes).
 */
final class RequestTelemetry {

    static final String FILE_ID = "wopi.file_id";
    static final String OPERATION = "wopi.operation";
    static final String CLIENT = "wopi.client";
    static final String CORRELATION_ID = "wopi.correlation_id";
    static final String SESSION_ID = "wopi.session_id";

    private RequestTelemetry() {
    }

    /** The request's server span and its context, taken while the request's is current (answers may come on another). */
    record Traced(Span span, Context context) {
    }

    static Traced received(HttpServerRequest request) {
        Context context = Context.current();
        Span span = Span.fromContext(context);
        String correlation = Correlation.enter(request.getHeader(WopiHeaders.CORRELATION_ID));
        if (correlation != null) {
            span.setAttribute(CORRELATION_ID, correlation);
        }
        String session = Correlation.clean(request.getHeader(WopiHeaders.SESSION_ID));
        if (session != null) {
            span.setAttribute(SESSION_ID, session);
        }
        return new Traced(span, context);
    }

    /**
     * Names the span after the endpoint (its route, ids left out: the HTTP instrumentation knows no route for ours).
     *
     * @param fileId a checked id (of a file or folder), or empty for the ecosystem endpoints
     */
    static void authenticated(Traced traced, HttpServerRequest request, String fileId, String client) {
        Span span = traced.span();
        String route = fileId.isEmpty() ? request.path() : request.path().replace(fileId, "{id}");
        // As a controller would: the HTTP instrumentation names the span after the route it knows (our router's
        // "/wopi/*") when the request ends, unless a route of higher standing was given.
        HttpServerRoute.update(traced.context(), HttpServerRouteSource.CONTROLLER, route);
        span.updateName(request.method().name() + " " + route);
        span.setAttribute("http.route", route);
        if (!fileId.isEmpty()) {
            span.setAttribute(FILE_ID, fileId);
        }
        if (client != null) {
            span.setAttribute(CLIENT, client);
        }
    }

    static void operation(Traced traced, WopiOperation operation) {
        traced.span().setAttribute(OPERATION, operation.name());
    }
}
