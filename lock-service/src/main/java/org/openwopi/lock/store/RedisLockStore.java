package org.openwopi.lock.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.openwopi.common.ApiException;
import org.openwopi.lock.config.LockConfig;
import org.openwopi.lock.model.Lock;
import org.openwopi.lock.model.LockOutcome;
import org.openwopi.lock.model.LockResult;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Locks in Redis: one hash per locked file ({@code <prefix>lock:{fileId}}, expiring with the lock) and one fencing
 * counter per file ({@code <prefix>fence:{fileId}}, never expiring). Every change is one of {@link LockScripts}, sent
 * by digest; a Redis that lost its script cache (restart, failover, another cluster node) gets the source once
 * through EVAL, which runs it and caches it there.
 */
@ApplicationScoped
public class RedisLockStore {

    private static final Logger LOG = Logger.getLogger(RedisLockStore.class);

    private final ReactiveRedisDataSource redis;
    private final LockConfig config;
    /** Lock calls answered 503 because Redis failed or was slow: what the chart's RedisErrors alert watches. */
    private final Counter redisErrors;

    RedisLockStore(ReactiveRedisDataSource redis, LockConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.redisErrors = Counter.builder("lock.redis.errors")
                .description("Lock operations answered 503: Redis unavailable or slower than lock.redis-timeout")
                .register(metrics);
    }

    public Uni<LockResult> acquire(String fileId, String lockId, String userId, String clientApp) {
        return run(LockScripts.ACQUIRE, fileId, lockId, ttlMillis(), userId, clientApp);
    }

    public Uni<LockResult> refresh(String fileId, String lockId) {
        return run(LockScripts.REFRESH, fileId, lockId, ttlMillis());
    }

    public Uni<LockResult> unlock(String fileId, String lockId) {
        return run(LockScripts.UNLOCK, fileId, lockId);
    }

    public Uni<LockResult> relock(String fileId, String oldLockId, String newLockId, String userId, String clientApp) {
        return run(LockScripts.RELOCK, fileId, oldLockId, newLockId, ttlMillis(), userId, clientApp);
    }

    public Uni<LockResult> forceUnlock(String fileId) {
        return run(LockScripts.FORCE_UNLOCK, fileId);
    }

    public Uni<LockResult> get(String fileId) {
        return run(LockScripts.GET, fileId);
    }

    /** One SCAN step over the lock keys (never KEYS): the locks found and the cursor to continue from ("0": done). */
    public Uni<Page> list(String cursor, int count) {
        String pattern = escapeGlob(config.keyPrefix()) + "lock:*";
        return guard(redis.execute("SCAN", cursor, "MATCH", pattern, "COUNT", Integer.toString(count)))
                .chain(reply -> {
                    String next = reply.get(0).toString();
                    List<String> fileIds = new ArrayList<>();
                    for (Response key : reply.get(1)) {
                        fileIds.add(fileIdOf(key.toString()));
                    }
                    if (fileIds.isEmpty()) {
                        return Uni.createFrom().item(new Page(List.of(), next));
                    }
                    // A lock may expire between SCAN and GET: it is simply left out.
                    List<Uni<LockResult>> reads = fileIds.stream().map(this::get).toList();
                    return Uni.join().all(reads).andFailFast().map(results -> new Page(results.stream()
                            .filter(LockResult.Done.class::isInstance)
                            .map(r -> ((LockResult.Done) r).lock())
                            .toList(), next));
                });
    }

    /** One page of the lock listing. */
    public record Page(List<Lock> locks, String nextCursor) {
    }

    String lockKey(String fileId) {
        return config.keyPrefix() + "lock:{" + fileId + "}";
    }

    String fenceKey(String fileId) {
        return config.keyPrefix() + "fence:{" + fileId + "}";
    }

    private String fileIdOf(String lockKey) {
        String tagged = lockKey.substring(config.keyPrefix().length() + "lock:".length());
        return tagged.substring(1, tagged.length() - 1);
    }

    private String ttlMillis() {
        return Long.toString(config.ttl().toMillis());
    }

    private Uni<LockResult> run(LockScripts script, String fileId, String... args) {
        List<String> keysAndArgs = new ArrayList<>(List.of("2", lockKey(fileId), fenceKey(fileId)));
        keysAndArgs.addAll(List.of(args));
        String[] tail = keysAndArgs.toArray(String[]::new);
        Uni<Response> byDigest = redis.execute("EVALSHA", prepend(script.sha1(), tail));
        Uni<Response> reply = byDigest.onFailure(RedisLockStore::isNoScript).recoverWithUni(missing -> {
            LOG.debugf("Redis does not have script %s cached; sending its source", script);
            return redis.execute("EVAL", prepend(script.source(), tail));
        });
        return guard(reply).map(r -> toResult(fileId, r));
    }

    /** A deadline on every Redis call, and a 503 (never a 500 or a hang) when Redis is away or busy. */
    private <T> Uni<T> guard(Uni<T> call) {
        return call
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure(RedisLockStore::isUnavailable).transform(this::unavailable);
    }

    private ApiException unavailable(Throwable cause) {
        redisErrors.increment();
        String why = cause instanceof TimeoutException
                ? "Redis did not answer within " + config.redisTimeout().toMillis() + " ms"
                : "Redis is unavailable: " + cause.getMessage();
        return ApiException.unavailable(why, config.retryAfter(), cause);
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    /**
     * Everything but a script or type error is Redis being away, loading, read-only after a failover, out of memory
     * or slow: the client should retry. A script error is our bug and stays a 500.
     */
    private static boolean isUnavailable(Throwable failure) {
        if (failure instanceof ApiException) {
            return false;
        }
        String message = failure.getMessage();
        return message == null || !(message.startsWith("ERR") || message.startsWith("WRONGTYPE"));
    }

    private static LockResult toResult(String fileId, Response reply) {
        String status = reply.get(0).toString();
        return switch (status) {
            case "CONFLICT" -> new LockResult.Conflict(reply.get(1).toString());
            case "NOT_LOCKED" -> new LockResult.NotLocked();
            default -> new LockResult.Done(LockOutcome.valueOf(status), new Lock(
                    fileId,
                    reply.get(1).toString(),
                    new Lock.Holder(reply.get(2).toString(), reply.get(3).toString(),
                            Instant.ofEpochMilli(Long.parseLong(reply.get(4).toString())),
                            users(reply.get(2).toString(), reply.size() > 7 && reply.get(7) != null ? reply.get(7).toString() : "")),
                    Instant.ofEpochMilli(Long.parseLong(reply.get(6).toString())),
                    Long.parseLong(reply.get(5).toString())));
        };
    }

    /** The session's users as the lock hash lists them; a lock from before the list was kept names its holder. */
    private static List<String> users(String holder, String listed) {
        if (listed.isEmpty()) {
            return holder.isEmpty() ? List.of() : List.of(holder);
        }
        return List.of(listed.split("\n"));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String escapeGlob(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
