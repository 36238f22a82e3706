package org.openwopi.wopi.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openwopi.common.serviceauth.ServiceTokens;
import org.openwopi.wopi.protocol.Failures;
import org.openwopi.wopi.support.WopiStackResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The calls to an internal service (here lock-service's, through {@link HttpLockClient}): refusals as
 * DependencyExceptions with their problem members, reads retried and writes never repeated, a hung service cut off
 * at the timeout and then short-circuited by the breaker — each against a local server that behaves as the test
 * needs, with the settings ClientsConfig gives.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class ServiceCallsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    ServiceTokens credentials;

    @Inject
    CallSpans spans;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private LockClient against(Consumer<HttpServerRequest> behaviour) throws Exception {
        return against(behaviour, Duration.ofSeconds(5));
    }

    private LockClient against(Consumer<HttpServerRequest> behaviour, Duration timeout) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            requests.incrementAndGet();
            behaviour.accept(request);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + server.actualPort();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000));
        return new HttpLockClient(new ServiceCalls(LockClient.SERVICE, settings(url, timeout), client, vertx, json, credentials, spans));
    }

    /** The settings of application.properties' defaults, with this URL and timeout. */
    private static ClientsConfig.Service settings(String url, Duration timeout) {
        ClientsConfig.Breaker breaker = new ClientsConfig.Breaker() {
            @Override
            public int requestVolume() {
                return 20;
            }

            @Override
            public double failureRatio() {
                return 0.75;
            }

            @Override
            public Duration delay() {
                return Duration.ofSeconds(5);
            }
        };
        return new ClientsConfig.Service() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public int readRetries() {
                return 2;
            }

            @Override
            public Duration retryDelay() {
                return Duration.ofMillis(50);
            }

            @Override
            public ClientsConfig.Breaker breaker() {
                return breaker;
            }
        };
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusalArrivesWithItsProblemMembersAndNeverOpensTheBreaker() throws Exception {
        LockClient calls = against(request -> request.response().setStatusCode(409)
                .putHeader("Content-Type", "application/problem+json")
                .end("{\"code\":\"CONFLICT\",\"detail\":\"locked by another\",\"currentLockId\":\"theirs\",\"reason\":\"locked\"}"));

        for (int i = 0; i < 30; i++) {
            Throwable refused = catchThrowable(() -> calls.acquire("f1", new LockClient.Acquire("mine", "alice", "test"))
                    .await().atMost(WAIT));
            assertThat(refused).isInstanceOfSatisfying(DependencyException.class, e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.code()).isEqualTo("CONFLICT");
                assertThat(e.member("currentLockId")).isEqualTo("theirs");
                assertThat(e.service()).isEqualTo("lock-service");
            });
        }
        assertThat(requests.get()).as("every refusal reached the service: a refusal is an answer").isEqualTo(30);
    }

    @Test
    void readsAreRetriedAfterALostConnectionAndWritesAreNot() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        LockClient calls = against(request -> {
            if (seen.incrementAndGet() <= 2) {
                request.connection().close();
            } else {
                request.response().putHeader("Content-Type", "application/json").end("{\"fileId\":\"f1\",\"lockId\":\"L\","
                        + "\"expiresAt\":\"2026-11-23T12:00:00Z\",\"fencingToken\":7,\"holder\":null,\"outcome\":\"ACQUIRED\"}");
            }
        });

        LockClient.Lock lock = calls.current("f1").await().atMost(WAIT);
        assertThat(lock.lockId()).isEqualTo("L");
        assertThat(lock.fencingToken()).isEqualTo(7);
        assertThat(requests.get()).as("two lost answers, then the third try").isEqualTo(3);

        seen.set(0);
        requests.set(0);
        Throwable lost = catchThrowable(() -> calls.unlock("f1", "L").await().atMost(WAIT));
        assertThat(lost).isNotNull().isNotInstanceOf(DependencyException.class);
        assertThat(Failures.toWopi(lost).status()).isEqualTo(503);
        assertThat(requests.get()).as("an unlock whose answer was lost may have happened: it is not repeated").isEqualTo(1);
    }

    @Test
    void aHungServiceIsCutOffAtTheTimeoutThenShortCircuited() throws Exception {
        LockClient calls = against(request -> {
            // Never answers.
        }, SHORT_TIMEOUT);

        long started = System.nanoTime();
        Throwable first = catchThrowable(() -> calls.acquire("f1", new LockClient.Acquire("L", "alice", "test"))
                .await().atMost(WAIT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(first).isInstanceOf(TimeoutException.class);
        assertThat(Failures.toWopi(first).status()).isEqualTo(503);

        Throwable last = null;
        for (int i = 0; i < 25 && !(last instanceof CircuitBreakerOpenException); i++) {
            Throwable failure = catchThrowable(() -> calls.acquire("f1", new LockClient.Acquire("L", "alice", "test"))
                    .await().atMost(WAIT));
            last = failure;
        }
        assertThat(last).as("after 20 timeouts the breaker opens").isInstanceOf(CircuitBreakerOpenException.class);
        int reached = requests.get();
        started = System.nanoTime();
        Throwable shortCircuited = catchThrowable(() -> calls.acquire("f1", new LockClient.Acquire("L", "alice", "test"))
                .await().atMost(WAIT));
        assertThat(shortCircuited).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SHORT_TIMEOUT);
        assertThat(requests.get()).as("an open breaker sends nothing").isEqualTo(reached);
        assertThat(Failures.toWopi(shortCircuited).status()).isEqualTo(503);
    }
}
