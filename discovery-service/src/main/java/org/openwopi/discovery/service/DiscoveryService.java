package org.openwopi.discovery.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.discovery.config.DiscoveryConfig;
import org.openwopi.discovery.parse.DiscoveryParser;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;

/**
 * Keeps one discovery document per WOPI client: in process for the hot path, in Redis so that every replica and a
 * restarted pod share it. A copy is fetched when none exists or it is older than the client's refresh interval (after
 * checking whether another replica put a newer one in Redis), and on demand, single-flight and rate-limited across
 * replicas. A failed fetch keeps the last good copy; a pod starts whatever the WOPI client's state.
 */
@ApplicationScoped
public class DiscoveryService {

    private static final Logger LOG = Logger.getLogger(DiscoveryService.class);

    private final DiscoveryConfig config;
    private final ReactiveRedisDataSource redis;
    private final MeterRegistry metrics;
    private final Map<String, ClientState> clients = new LinkedHashMap<>();

    DiscoveryService(DiscoveryConfig config, ReactiveRedisDataSource redis, MeterRegistry metrics, Vertx vertx) {
        this.config = config;
        this.redis = redis;
        this.metrics = metrics;
        config.clients().forEach((name, client) -> {
            // Redirects are not followed: the configured URL is the one trusted to publish the proof keys, and a
            // redirect could lead the fetch anywhere (inside the cluster included). A client that moved is named anew.
            HttpClient http = vertx.getDelegate().createHttpClient(new HttpClientOptions()
                    .setConnectTimeout((int) client.connectTimeout().toMillis())
                    .setMaxPoolSize(2));
            ClientState state = new ClientState(name, client, http);
            clients.put(name, state);
            Gauge.builder("wopi.discovery.copy.age", state, ClientState::ageSeconds)
                    .description("Seconds since the cached discovery document was fetched; -1 without one")
                    .baseUnit("seconds").tag("client", name).register(metrics);
        });
    }

    void onStart(@Observes StartupEvent event) {
        if (clients.isEmpty()) {
            LOG.warn("No WOPI client configured (discovery.clients.<name>.url): nothing to discover");
        }
        // In the background: a pod starts even when Redis and every WOPI client are down.
        clients.values().forEach(state -> ensureFresh(state).subscribe().with(
                copy -> { },
                failure -> LOG.warnf("Discovery of %s not loaded at start-up: %s", state.name(), failure.getMessage())));
    }

    @Scheduled(every = "${discovery.check-interval:30s}", delayed = "${discovery.check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDueCopies() {
        List<Uni<CachedCopy>> checks = clients.values().stream()
                .map(state -> ensureFresh(state).onFailure().recoverWithNull())
                .toList();
        return checks.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(checks).andCollectFailures().replaceWithVoid();
    }

    /** The client by name; {@code default} names the configured default, or the only client. */
    public ClientState client(String name) {
        if ("default".equals(name)) {
            Optional<String> configured = config.defaultClient();
            if (configured.isPresent()) {
                return client(configured.get());
            }
            if (clients.size() == 1) {
                return clients.values().iterator().next();
            }
            throw new ApiException(ErrorCode.NOT_FOUND, clients.isEmpty()
                    ? "no WOPI client is configured" : "several WOPI clients are configured and none is the default");
        }
        ClientState state = clients.get(name);
        if (state == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no WOPI client named " + name);
        }
        return state;
    }

    public Collection<ClientState> clients() {
        return clients.values();
    }

    /** The client's current copy, or 503 with the reason when there is none yet. */
    public CachedCopy copy(String clientName) {
        ClientState state = client(clientName);
        CachedCopy copy = state.copy;
        if (copy == null) {
            String why = state.lastError == null ? "not fetched yet" : "last fetch failed: " + state.lastError;
            throw ApiException.unavailable("no discovery document for " + state.name() + " (" + why + ")", Duration.ofSeconds(5), null);
        }
        return copy;
    }

    /**
     * A fetch now, unless one ran within {@code discovery.forced-refresh-min-interval} on any replica (then the newest
     * shared copy is adopted instead), or one is under way (then its result is shared).
     */
    public Uni<RefreshOutcome> forceRefresh(String clientName) {
        ClientState state = client(clientName);
        Instant now = Instant.now();
        synchronized (state) {
            if (state.inFlight != null) {
                count(state, "forced", "joined");
                return state.inFlight.map(copy -> new RefreshOutcome(true, false, copy.fetchedAt()));
            }
            if (Duration.between(state.lastForcedAt, now).compareTo(config.forcedRefreshMinInterval()) < 0) {
                count(state, "forced", "rate-limited");
                return adoptShared(state).map(copy -> rateLimited(state));
            }
            state.lastForcedAt = now;
        }
        return claimForcedRefresh(state).chain(claimed -> {
            if (!claimed) {
                count(state, "forced", "rate-limited");
                return adoptShared(state).map(copy -> rateLimited(state));
            }
            count(state, "forced", "fetched");
            return fetch(state).map(copy -> new RefreshOutcome(true, false, copy.fetchedAt()));
        });
    }

    private static RefreshOutcome rateLimited(ClientState state) {
        CachedCopy copy = state.copy;
        return new RefreshOutcome(false, true, copy == null ? null : copy.fetchedAt());
    }

    /** The answer of a forced refresh: whether this call fetched, and the age of the copy now in use. */
    public record RefreshOutcome(boolean fetched, boolean rateLimited, Instant fetchedAt) {
    }

    /** Adopts a newer shared copy, then fetches when the copy is still missing or due. */
    Uni<CachedCopy> ensureFresh(ClientState state) {
        return adoptShared(state).chain(copy -> state.isDue(Instant.now()) ? fetch(state) : Uni.createFrom().item(copy));
    }

    /**
     * Takes Redis' copy when it is newer than ours and from the configured URL. Every replica asks every check
     * interval, so only the two small fields are read each time; the document itself only when it is newer. Redis
     * trouble is not an error here.
     */
    private Uni<CachedCopy> adoptShared(ClientState state) {
        String key = redisKey(state);
        return redis.hash(String.class).hmget(key, "url", "fetchedAt")
                .ifNoItem().after(config.redisTimeout()).fail()
                .chain(fields -> {
                    String url = fields.get("url");
                    String fetchedAt = fields.get("fetchedAt");
                    CachedCopy mine = state.copy;
                    if (fetchedAt == null || !state.config.url().toString().equals(url)) {
                        return Uni.createFrom().item(mine);
                    }
                    Instant sharedAt = Instant.ofEpochMilli(Long.parseLong(fetchedAt));
                    if (mine != null && !sharedAt.isAfter(mine.fetchedAt())) {
                        return Uni.createFrom().item(mine);
                    }
                    return redis.hash(String.class).hget(key, "xml")
                            .ifNoItem().after(config.redisTimeout()).fail()
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .map(xml -> {
                                if (xml == null) {
                                    return state.copy;
                                }
                                CachedCopy shared = new CachedCopy(DiscoveryParser.parse(xml), xml, url, sharedAt);
                                state.copy = shared;
                                LOG.debugf("Adopted the shared discovery copy of %s fetched at %s", state.name(), sharedAt);
                                return shared;
                            });
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Shared discovery copy of %s not read: %s", state.name(), failure.getMessage());
                    return state.copy;
                });
    }

    /** One fetch per client at a time: callers arriving meanwhile get the same result. */
    private Uni<CachedCopy> fetch(ClientState state) {
        synchronized (state) {
            if (state.inFlight == null) {
                state.inFlight = fetchOnce(state)
                        .onTermination().invoke(() -> {
                            synchronized (state) {
                                state.inFlight = null;
                            }
                        })
                        .memoize().indefinitely();
            }
            return state.inFlight;
        }
    }

    private Uni<CachedCopy> fetchOnce(ClientState state) {
        String url = state.config.url().toString();
        return Uni.createFrom().deferred(() -> {
                    state.lastAttemptAt = Instant.now();
                    return Uni.createFrom().completionStage(() -> read(state, url).toCompletionStage());
                })
                .ifNoItem().after(state.config.requestTimeout()).fail()
                // Parsing half a megabyte of XML is CPU work: keep it off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(xml -> new CachedCopy(DiscoveryParser.parse(xml), xml, url, Instant.now()))
                .invoke(copy -> {
                    state.copy = copy;
                    state.lastError = null;
                    count(state, "fetch", "success");
                    copy.document().proofKeys().filter(keys -> !keys.consistent()).ifPresent(keys ->
                            LOG.errorf("Discovery of %s publishes inconsistent proof keys: %s", state.name(), keys.problems()));
                    LOG.infof("Fetched discovery of %s from %s", state.name(), url);
                })
                .call(copy -> share(state, copy))
                .onFailure().invoke(failure -> {
                    state.lastError = describe(failure);
                    count(state, "fetch", "failure");
                    LOG.warnf("Discovery fetch of %s from %s failed: %s%s", state.name(), url, state.lastError,
                            state.copy == null ? "" : "; serving the copy fetched at " + state.copy.fetchedAt());
                });
    }

    /**
     * The document, read up to {@code discovery.max-document-bytes} and no further: a larger answer is cut off (its
     * connection closed) whether it declared its length or not, so a misbehaving client cannot fill the heap.
     */
    private Future<String> read(ClientState state, String url) {
        int max = config.maxDocumentBytes();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .putHeader(HttpHeaders.ACCEPT, "application/xml, text/xml").putHeader(HttpHeaders.USER_AGENT, "wopi-host-discovery")
                .setIdleTimeout(state.config.requestTimeout().toMillis());
        return state.http.request(request).compose(HttpClientRequest::send).compose(response -> {
            Promise<String> done = Promise.promise();
            if (response.statusCode() != 200) {
                response.request().connection().close();
                String where = response.getHeader(HttpHeaders.LOCATION);
                return Future.failedFuture(new IllegalStateException("HTTP " + response.statusCode()
                        + (where == null ? "" : " to " + where + " (redirects are not followed: configure that URL)")));
            }
            String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && declared.matches("\\d{1,19}") && Long.parseLong(declared) > max) {
                response.request().connection().close();
                return Future.failedFuture(tooLarge(declared + " bytes"));
            }
            io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
            response.handler(chunk -> {
                if (done.future().isComplete()) {
                    return;
                }
                if (body.length() + chunk.length() > max) {
                    done.tryFail(tooLarge("more than " + max + " bytes"));
                    response.request().connection().close();
                    return;
                }
                body.appendBuffer(chunk);
            });
            response.exceptionHandler(done::tryFail);
            response.endHandler(ignored -> {
                if (body.length() == 0) {
                    done.tryFail(new IllegalStateException("empty answer"));
                } else {
                    done.tryComplete(body.toString(StandardCharsets.UTF_8));
                }
            });
            return done.future();
        });
    }

    private static IllegalStateException tooLarge(String size) {
        return new IllegalStateException("document of " + size + " exceeds discovery.max-document-bytes");
    }

    private Uni<Void> share(ClientState state, CachedCopy copy) {
        return redis.hash(String.class).hset(redisKey(state), Map.of(
                        "xml", copy.xml(), "url", copy.url(), "fetchedAt", Long.toString(copy.fetchedAt().toEpochMilli())))
                .replaceWithVoid()
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Discovery copy of %s not shared through Redis (other replicas fetch their own): %s",
                            state.name(), failure.getMessage());
                    return null;
                });
    }

    /** SET NX PX across replicas: true when this replica may run the forced fetch; true as well when Redis is away. */
    private Uni<Boolean> claimForcedRefresh(ClientState state) {
        return redis.execute("SET", redisKey(state) + ":forced", "1", "NX", "PX",
                        Long.toString(config.forcedRefreshMinInterval().toMillis()))
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(reply -> reply != null && "OK".equals(reply.toString()))
                .onFailure().recoverWithItem(true);
    }

    private String redisKey(ClientState state) {
        return config.redisKeyPrefix() + "{" + state.name() + "}";
    }

    private void count(ClientState state, String kind, String result) {
        metrics.counter("wopi.discovery." + kind, "client", state.name(), "result", result).increment();
    }

    private static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "no answer in time";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
