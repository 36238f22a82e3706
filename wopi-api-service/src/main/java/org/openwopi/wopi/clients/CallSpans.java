package org.openwopi.wopi.clients;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.telemetry.Correlation;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The client span of each call to an internal service, made by hand: our HTTP clients send from whichever event
 * loop is free (an off-loop caller's call runs on another context, a download on the loop's own client), where
 * Vert.x's own tracing would find no parent and start a trace of its own. So each call takes the context it was
 * made in, opens its span under it, and sends the W3C trace context and the correlation id (as baggage) itself;
 * those clients have Vert.x tracing switched off, so no call is counted twice.
 */
@ApplicationScoped
public class CallSpans {

    private final Tracer tracer;
    private final TextMapPropagator traceContext = W3CTraceContextPropagator.getInstance();

    CallSpans(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("org.openwopi.wopi.clients");
    }

    /** A call about to be sent from the current context; {@link Call#send} puts its headers on the request. */
    Call start(String service, HttpMethod method, String host, int port, String path) {
        Context parent = Context.current();
        String correlation = Correlation.current();
        int query = path.indexOf('?');
        String template = InternalPaths.template(query < 0 ? path : path.substring(0, query));
        Span span = tracer.spanBuilder(method.name() + " " + service + " " + template).setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", method.name())
                .setAttribute("server.address", host)
                .setAttribute("server.port", (long) port)
                .setAttribute("peer.service", service)
                // The path without its query: names of new files travel there.
                .setAttribute("url.path", query < 0 ? path : path.substring(0, query))
                .startSpan();
        return new Call(span, parent.with(span), correlation);
    }

    /** One call's span; ended once, by the first of its outcomes. */
    final class Call {

        private final Span span;
        private final Context context;
        private final String correlation;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Call(Span span, Context context, String correlation) {
            this.span = span;
            this.context = context;
            this.correlation = correlation;
        }

        RequestOptions send(RequestOptions options) {
            traceContext.inject(context, options, (carrier, key, value) -> carrier.putHeader(key, value));
            if (correlation != null) {
                options.putHeader(Correlation.BAGGAGE_HEADER, Correlation.baggage(correlation));
            }
            return options;
        }

        void answered(int status) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            span.setAttribute("http.response.status_code", (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }

        void failed(Throwable failure) {
            if (failure instanceof DependencyException refused && refused.status() < 500) {
                answered(refused.status());
                return;
            }
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.setAttribute("error.type", failure.getClass().getName());
            span.end();
        }
    }
}
