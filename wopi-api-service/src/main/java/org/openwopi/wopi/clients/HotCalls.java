package org.openwopi.wopi.clients;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.openwopi.common.serviceauth.ServiceTokens;
import org.openwopi.wopi.clients.LockRestClient.Lock;
import org.openwopi.wopi.clients.StorageRestClient.FileContext;
import org.openwopi.wopi.clients.StorageRestClient.FileMeta;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The internal calls every WOPI request makes: a file's metadata from storage-service and its lock from lock-service,
 * straight on a Vert.x HTTP client. The typed REST clients serve everything else; on these calls their layers
 * (request and response filters, URI templates, context capture, entity provider lookups) were a third of
 * wopi-api-service's CPU under Lock+Unlock load. The contract is theirs: the same paths and bodies, a
 * {@link DependencyException} for any non-2xx answer, the same timeouts, reads retried twice, and a circuit breaker
 * per service that opens when three quarters of 20 calls failed to get an answer.
 */
@ApplicationScoped
public class HotCalls {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final HttpClient client;
    /** Where a call made off the event loop runs (a retry comes from Fault Tolerance's timer thread, a test from its own). */
    private final Context offLoop;
    private final ObjectMapper json;
    private final ServiceTokens credentials;
    private final Target storage;
    private final Target locks;

    @Inject
    HotCalls(Vertx vertx, ObjectMapper json, ServiceTokens credentials,
             @ConfigProperty(name = "quarkus.rest-client.storage-service.url") String storageUrl,
             @ConfigProperty(name = "quarkus.rest-client.lock-service.url") String lockUrl,
             @ConfigProperty(name = "quarkus.rest-client.connect-timeout", defaultValue = "1000") int connectTimeout) {
        // The timeouts of StorageRestClient and LockRestClient.
        this(vertx, json, credentials, storageUrl, Duration.ofSeconds(10), lockUrl, Duration.ofSeconds(5), connectTimeout);
    }

    HotCalls(Vertx vertx, ObjectMapper json, ServiceTokens credentials, String storageUrl, Duration storageTimeout,
             String lockUrl, Duration lockTimeout, int connectTimeout) {
        this.json = json;
        this.credentials = credentials;
        this.offLoop = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(connectTimeout).setKeepAlive(true)
                .setMaxPoolSize(64));
        this.storage = new Target(StorageRestClient.AUDIENCE, storageUrl, storageTimeout);
        this.locks = new Target(LockRestClient.AUDIENCE, lockUrl, lockTimeout);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** {@code GET /files/{id}} of storage-service. */
    public Uni<FileMeta> file(String id) {
        return storage.read("/files/" + id, StorageAnswers::fileMeta);
    }

    /** {@code GET /files/{id}/context}: the file, its folder's name and the user's UserInfo (CheckFileInfo). */
    public Uni<FileContext> fileContext(String id, String userId) {
        String query = userId == null ? "" : "?userId=" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
        return storage.read("/files/" + id + "/context" + query, StorageAnswers::fileContext);
    }

    /** The file's lock; a 404 (no lock) arrives as a {@link DependencyException}. */
    public Uni<Lock> lock(String fileId) {
        return locks.read("/locks/" + fileId, parser -> json.readValue(parser, Lock.class));
    }

    // The lock changes answer the new lock; the WOPI operations need only to know that they succeeded.

    public Uni<Void> acquire(String fileId, LockRestClient.Acquire request) {
        return locks.write("/locks/" + fileId + "/acquire", request);
    }

    public Uni<Void> refresh(String fileId, LockRestClient.LockIdOnly request) {
        return locks.write("/locks/" + fileId + "/refresh", request);
    }

    public Uni<Void> unlock(String fileId, LockRestClient.LockIdOnly request) {
        return locks.write("/locks/" + fileId + "/unlock", request);
    }

    public Uni<Void> relock(String fileId, LockRestClient.Relock request) {
        return locks.write("/locks/" + fileId + "/relock", request);
    }

    /** Reads an answer's JSON. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /** One internal service: where it is, and the guards of its reads (retried) and writes (never repeated). */
    private final class Target {

        private final String service;
        private final String host;
        private final int port;
        private final boolean ssl;
        private final String basePath;
        private final int timeoutMs;
        private final Guard reads;
        private final Guard writes;

        Target(String service, String url, Duration timeout) {
            this.service = service;
            // Parsed once: an absolute URI per request was parsed again on every call.
            URI base = URI.create(url);
            this.ssl = "https".equalsIgnoreCase(base.getScheme());
            this.host = base.getHost();
            this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
            String path = base.getRawPath() == null ? "" : base.getRawPath();
            this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            this.timeoutMs = (int) timeout.toMillis();
            this.reads = guard(timeout, true);
            this.writes = guard(timeout, false);
        }

        private Guard guard(Duration timeout, boolean retried) {
            Guard.Builder builder = Guard.create()
                    .withDescription("wopi-api-service -> " + service + (retried ? " reads" : " writes"))
                    .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                    // An answer, even a refusal, means the service is there: only failures to get one count.
                    .withCircuitBreaker().requestVolumeThreshold(20).failureRatio(0.75).delay(5, ChronoUnit.SECONDS)
                    .skipOn(DependencyException.class).done();
            if (retried) {
                builder.withRetry().maxRetries(2).delay(50, ChronoUnit.MILLIS).abortOn(DependencyException.class).done();
            }
            return builder.build();
        }

        <T> Uni<T> read(String path, Reader<T> reader) {
            return guarded(reads, () -> call(HttpMethod.GET, path, null, reader));
        }

        Uni<Void> write(String path, Object body) {
            return guarded(writes, () -> call(HttpMethod.POST, path, body, null));
        }

        @SuppressWarnings("unchecked")
        private <T> Uni<T> guarded(Guard guard, Supplier<Uni<T>> work) {
            return (Uni<T>) (Uni<?>) guard.get(() -> (Uni<Object>) (Uni<?>) work.get(), UNI);
        }

        /** reader null: the answer's body is not read, only its status. */
        private <T> Uni<T> call(HttpMethod method, String path, Object body, Reader<T> reader) {
            return Uni.createFrom().emitter(emitter -> {
                if (Context.isOnEventLoopThread()) {
                    send(method, path, body, reader, emitter);
                } else {
                    // The answer's body must be read on the event loop that receives it: from another thread, an
                    // answer that came back quickly could be over before its reader was attached, and never end.
                    offLoop.runOnContext(ignored -> send(method, path, body, reader, emitter));
                }
            });
        }

        private <T> void send(HttpMethod method, String path, Object body, Reader<T> reader, UniEmitter<? super T> emitter) {
            RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl)
                    // The guard's timeout answers the caller; this one, later, frees the connection.
                    .setURI(basePath + path).setIdleTimeout(2L * timeoutMs);
            String authorization = credentials.authorization(service);
            if (authorization != null) {
                options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            Buffer payload;
            try {
                payload = body == null ? null : Buffer.buffer(json.writeValueAsBytes(body));
            } catch (IOException e) {
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
                    .compose(response -> response.body().map(answer -> parse(response.statusCode(), answer, reader)))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            emitter.complete(result.result());
                        } else {
                            emitter.fail(result.cause());
                        }
                    });
        }

        private <T> T parse(int status, Buffer answer, Reader<T> reader) {
            if (status < 200 || status >= 300) {
                throw DependencyException.of(service, status, answer.getBytes(), json);
            }
            if (reader == null) {
                return null;
            }
            try (JsonParser parser = json.getFactory().createParser(answer.getBytes())) {
                return reader.read(parser);
            } catch (IOException e) {
                throw new DependencyException(service, 502, null, "unreadable answer: " + e.getMessage(), Map.of());
            }
        }
    }
}
