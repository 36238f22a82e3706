package org.openwopi.wopi.clients;

import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import org.openwopi.common.serviceauth.ServiceTokens;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The JSON calls to one internal service, on a Vert.x HTTP client: its credential on every call, any non-2xx answer
 * as a {@link DependencyException} with the problem's members, a timeout per call, reads (and only reads) retried,
 * and a circuit breaker that counts only calls that got no answer. A call made off the event loops runs on one.
 */
final class ServiceCalls {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final String service;
    private final HttpClient client;
    private final Context offLoop;
    private final ObjectMapper json;
    private final ServiceTokens credentials;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final long timeoutMs;
    private final Guard reads;
    private final Guard writes;
    private final CallSpans spans;

    ServiceCalls(String service, ClientsConfig.Service config, HttpClient client, Vertx vertx, ObjectMapper json,
                 ServiceTokens credentials, CallSpans spans) {
        this.service = service;
        this.spans = spans;
        this.client = client;
        this.offLoop = vertx.getOrCreateContext();
        this.json = json;
        this.credentials = credentials;
        URI base = URI.create(config.url());
        this.ssl = "https".equalsIgnoreCase(base.getScheme());
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.timeoutMs = config.timeout().toMillis();
        this.reads = guard(config, true);
        this.writes = guard(config, false);
    }

    private Guard guard(ClientsConfig.Service config, boolean retried) {
        ClientsConfig.Breaker breaker = config.breaker();
        Guard.Builder builder = Guard.create()
                .withDescription("wopi-api-service -> " + service + (retried ? " reads" : " writes"))
                .withTimeout().duration(timeoutMs, ChronoUnit.MILLIS).done()
                // An answer, even a refusal, means the service is there: only failures to get one count.
                .withCircuitBreaker().requestVolumeThreshold(breaker.requestVolume()).failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS).skipOn(DependencyException.class).done();
        if (retried && config.readRetries() > 0) {
            builder.withRetry().maxRetries(config.readRetries()).delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .abortOn(DependencyException.class).done();
        }
        return builder.build();
    }

    /** A GET, retried when it got no answer; {@code answer} null reads only the status. */
    <T> Uni<T> read(String path, JavaType answer) {
        return guarded(reads, () -> call(HttpMethod.GET, path, null, Map.of(), answer, true));
    }

    <T> Uni<T> read(String path, Class<T> answer) {
        return read(path, answer == null ? null : json.constructType(answer));
    }

    /** A call that changes nothing when repeated (a PUT of the same thing), so retried like a read. */
    <T> Uni<T> idempotent(HttpMethod method, String path, Class<T> answer) {
        return guarded(reads, () -> call(method, path, null, Map.of(), json.constructType(answer), true));
    }

    /** A change, never repeated: one that got no answer may have happened, and repeating it is the caller's call. */
    <T> Uni<T> write(HttpMethod method, String path, Object body, Map<String, String> headers, Class<T> answer) {
        return guarded(writes, () -> call(method, path, body, headers, answer == null ? null : json.constructType(answer),
                true));
    }

    /**
     * The service's readiness, outside the breaker: a probe must see the service as it is. Not traced: a trace per
     * probe would bury the requests' traces.
     */
    Uni<Void> readiness() {
        return call(HttpMethod.GET, "/q/health/ready", null, Map.of(), null, false);
    }

    /** The type of a JSON array of {@code element}s, for {@link #read(String, JavaType)}. */
    JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(Guard guard, Supplier<Uni<T>> work) {
        return (Uni<T>) (Uni<?>) guard.get(() -> (Uni<Object>) (Uni<?>) work.get(), UNI);
    }

    private <T> Uni<T> call(HttpMethod method, String path, Object body, Map<String, String> headers, JavaType answer,
                            boolean traced) {
        return Uni.createFrom().emitter(emitter -> {
            // Taken here, in the caller's context: the send may run on another one.
            CallSpans.Call span = traced ? spans.start(service, method, host, port, basePath + path) : null;
            if (Context.isOnEventLoopThread()) {
                send(method, path, body, headers, answer, emitter, span);
            } else {
                // The answer's body must be read on the event loop that receives it: from another thread, an answer
                // that came back quickly could be over before its reader was attached, and never end.
                offLoop.runOnContext(ignored -> send(method, path, body, headers, answer, emitter, span));
            }
        });
    }

    private <T> void send(HttpMethod method, String path, Object body, Map<String, String> headers, JavaType answer,
                          UniEmitter<? super T> emitter, CallSpans.Call span) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl)
                // The guard's timeout answers the caller; this one, later, frees the connection.
                .setURI(basePath + path).setIdleTimeout(2 * timeoutMs);
        String authorization = credentials.authorization(service);
        if (authorization != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        headers.forEach(options::putHeader);
        if (span != null) {
            span.send(options);
        }
        Buffer payload;
        try {
            payload = body == null ? null : Buffer.buffer(json.writeValueAsBytes(body));
        } catch (IOException e) {
            if (span != null) {
                span.failed(e);
            }
            emitter.fail(e);
            return;
        }
        client.request(options)
                .compose(request -> {
                    request.putHeader(HttpHeaders.ACCEPT, "application/json");
                    if (payload == null) {
                        return request.send();
                    }
                    return request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").send(payload);
                })
                .compose(response -> response.body().map(received -> {
                    if (span != null) {
                        span.answered(response.statusCode());
                    }
                    return this.<T>parse(response.statusCode(), received, answer);
                }))
                .onComplete(result -> {
                    if (span != null && result.failed()) {
                        span.failed(result.cause());
                    }
                    if (result.succeeded()) {
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(result.cause());
                    }
                });
    }

    private <T> T parse(int status, Buffer received, JavaType answer) {
        if (status < 200 || status >= 300) {
            throw DependencyException.of(service, status, received.getBytes(), json);
        }
        if (answer == null) {
            return null;
        }
        try {
            ObjectReader reader = json.readerFor(answer);
            return reader.readValue(received.getBytes());
        } catch (IOException e) {
            throw new DependencyException(service, 502, null, "unreadable answer: " + e.getMessage(), Map.of());
        }
    }
}
