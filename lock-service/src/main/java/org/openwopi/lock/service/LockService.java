package org.openwopi.lock.service;

import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.lock.config.LockConfig;
import org.openwopi.lock.model.Lock;
import org.openwopi.lock.model.LockOutcome;
import org.openwopi.lock.model.LockResult;
import org.openwopi.lock.store.RedisLockStore;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * WOPI lock semantics over {@link RedisLockStore}: validates ids, turns refusals into 409s that carry the current lock
 * id, and counts and times every operation.
 */
@ApplicationScoped
public class LockService {

    /** WOPI's limit ({@code SupportsExtendedLockLength}); a longer id is refused, never truncated. */
    public static final int MAX_LOCK_ID_LENGTH = 1024;
    public static final int MAX_FILE_ID_LENGTH = 512;
    public static final int MAX_HOLDER_FIELD_LENGTH = 256;

    private final RedisLockStore store;
    private final LockConfig config;
    private final MeterRegistry metrics;

    LockService(RedisLockStore store, LockConfig config, MeterRegistry metrics) {
        this.store = store;
        this.config = config;
        this.metrics = metrics;
    }

    /** Lock, or refresh when the file already holds this id. */
    public Uni<LockResult.Done> acquire(String fileId, String lockId, String userId, String clientApp) {
        validateFileId(fileId);
        validateLockId("lockId", lockId);
        return measure("acquire", fileId, () -> store.acquire(fileId, lockId, holderField("userId", userId),
                holderField("clientApp", clientApp)), "the file is locked with another id");
    }

    public Uni<LockResult.Done> refresh(String fileId, String lockId) {
        validateFileId(fileId);
        validateLockId("lockId", lockId);
        return measure("refresh", fileId, () -> store.refresh(fileId, lockId), "the file is locked with another id");
    }

    public Uni<LockResult.Done> unlock(String fileId, String lockId) {
        validateFileId(fileId);
        validateLockId("lockId", lockId);
        return measure("unlock", fileId, () -> store.unlock(fileId, lockId), "the file is locked with another id");
    }

    /** WOPI UnlockAndRelock: swap {@code oldLockId} for {@code lockId} atomically. */
    public Uni<LockResult.Done> relock(String fileId, String oldLockId, String lockId, String userId, String clientApp) {
        validateFileId(fileId);
        validateLockId("oldLockId", oldLockId);
        validateLockId("lockId", lockId);
        return measure("relock", fileId, () -> store.relock(fileId, oldLockId, lockId, holderField("userId", userId),
                holderField("clientApp", clientApp)), "the file is locked with another id than oldLockId");
    }

    /** The current lock; 404 when the file is not locked. */
    public Uni<Lock> get(String fileId) {
        validateFileId(fileId);
        return measureRead("get", fileId, () -> store.get(fileId));
    }

    /** The operator's unlock, whatever the id; 404 when the file is not locked. Returns the lock it removed. */
    public Uni<Lock> forceUnlock(String fileId) {
        validateFileId(fileId);
        return measureRead("force-unlock", fileId, () -> store.forceUnlock(fileId));
    }

    /** The locks of those of {@code fileIds} that are locked (a listing's page of files), read side by side. */
    public Uni<java.util.List<Lock>> lookup(java.util.List<String> fileIds) {
        if (fileIds == null || fileIds.size() > config.maxPageSize()) {
            throw badRequest("fileIds: a list of at most " + config.maxPageSize() + " file ids");
        }
        fileIds.forEach(LockService::validateFileId);
        if (fileIds.isEmpty()) {
            return Uni.createFrom().item(java.util.List.of());
        }
        java.util.List<Uni<LockResult>> reads = fileIds.stream().distinct().map(store::get).toList();
        return timed("lookup", Uni.join().all(reads).andFailFast()).map(results -> results.stream()
                .filter(LockResult.Done.class::isInstance).map(result -> ((LockResult.Done) result).lock()).toList());
    }

    public Uni<RedisLockStore.Page> list(String cursor, int limit) {
        if (cursor == null || !cursor.matches("\\d{1,20}")) {
            throw badRequest("cursor must be the nextCursor of the previous page, or 0 to start");
        }
        if (limit < 1 || limit > config.maxPageSize()) {
            throw badRequest("limit must be between 1 and " + config.maxPageSize());
        }
        return timed("list", store.list(cursor, limit));
    }

    private Uni<LockResult.Done> measure(String operation, String fileId, Supplier<Uni<LockResult>> call, String conflictReason) {
        return timed(operation, call.get()).map(result -> {
            if (result instanceof LockResult.Done done) {
                count(operation, done.outcome().name().toLowerCase());
                return done;
            }
            if (result instanceof LockResult.Conflict conflict) {
                count(operation, "conflict");
                throw new LockConflictException(fileId, conflict.currentLockId(), conflictReason);
            }
            count(operation, "not-locked");
            throw new LockConflictException(fileId, "", "the file is not locked");
        });
    }

    private Uni<Lock> measureRead(String operation, String fileId, Supplier<Uni<LockResult>> call) {
        return timed(operation, call.get()).map(result -> {
            if (result instanceof LockResult.Done done) {
                count(operation, done.outcome() == LockOutcome.UNLOCKED ? "unlocked" : "found");
                return done.lock();
            }
            count(operation, "not-locked");
            throw new ApiException(ErrorCode.NOT_FOUND, "file " + fileId + " is not locked", Map.of("currentLockId", ""));
        });
    }

    private <T> Uni<T> timed(String operation, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(metrics);
            return call.onTermination().invoke((item, failure, cancelled) -> {
                sample.stop(metrics.timer("wopi.lock.operation", "operation", operation,
                        "result", failure == null ? "ok" : failure instanceof ApiException api ? api.code().name() : "error"));
                if (failure instanceof ApiException api && api.code() == ErrorCode.DEPENDENCY_UNAVAILABLE) {
                    metrics.counter("wopi.lock.redis.errors", "operation", operation).increment();
                }
            });
        });
    }

    private void count(String operation, String outcome) {
        metrics.counter("wopi.lock.operations", "operation", operation, "outcome", outcome).increment();
    }

    private static void validateFileId(String fileId) {
        if (fileId == null || fileId.isEmpty() || fileId.length() > MAX_FILE_ID_LENGTH || hasControlCharacters(fileId)) {
            throw badRequest("fileId must be 1 to " + MAX_FILE_ID_LENGTH + " characters without control characters");
        }
    }

    private static void validateLockId(String name, String lockId) {
        if (lockId == null || lockId.isEmpty()) {
            throw badRequest(name + " is required and must not be empty");
        }
        if (lockId.codePointCount(0, lockId.length()) > MAX_LOCK_ID_LENGTH) {
            throw badRequest(name + " is " + lockId.codePointCount(0, lockId.length()) + " characters long; at most "
                    + MAX_LOCK_ID_LENGTH + " are allowed");
        }
    }

    private static String holderField(String name, String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_HOLDER_FIELD_LENGTH || hasControlCharacters(value)) {
            throw badRequest(name + " must be at most " + MAX_HOLDER_FIELD_LENGTH + " characters without control characters");
        }
        return value;
    }

    private static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static ApiException badRequest(String detail) {
        return new ApiException(ErrorCode.BAD_REQUEST, detail);
    }
}
