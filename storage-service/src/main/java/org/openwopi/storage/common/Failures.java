package org.openwopi.storage.common;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;

import org.hibernate.exception.LockTimeoutException;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Turns database failures into what a client can act on: 503 when PostgreSQL is away or a row lock is not granted in
 * time, 409 on a unique name.
 */
public final class Failures {

    private static final String UNIQUE_VIOLATION = "23505";
    /** lock_timeout expired: another transaction holds the file's row (see application.properties). */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private Failures() {
    }

    /** The same work, with its failures translated. */
    public static <T> Uni<T> translated(Uni<T> work) {
        return work.onFailure().transform(Failures::translate);
    }

    public static Throwable translate(Throwable failure) {
        if (failure instanceof ApiException) {
            return failure;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return new ApiException(ErrorCode.CONFLICT, "the name is already taken in this folder", Map.of("reason", "name-taken"));
            }
            if (cause instanceof LockTimeoutException
                    || cause instanceof PgException pg && LOCK_NOT_AVAILABLE.equals(pg.getSqlState())) {
                return ApiException.unavailable("the file is busy with another write; try again", Duration.ofSeconds(2), failure);
            }
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException
                    || cause instanceof io.smallrye.mutiny.TimeoutException
                    || (cause.getMessage() != null && cause.getMessage().contains("Connection refused"))) {
                return ApiException.unavailable("PostgreSQL is unavailable: " + cause.getMessage(), Duration.ofSeconds(2), failure);
            }
        }
        return failure;
    }
}
