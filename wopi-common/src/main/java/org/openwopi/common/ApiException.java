package org.openwopi.common;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A failure a service expects and can explain: it becomes an {@link ApiError} with the code's status. Subclass it per
 * domain failure; {@link #extras()} carries the members a client needs to act on it.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final transient Map<String, Object> extras;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, Map.of(), null, null);
    }

    public ApiException(ErrorCode code, String detail, Map<String, Object> extras) {
        this(code, detail, extras, null, null);
    }

    public ApiException(ErrorCode code, String detail, Map<String, Object> extras, Duration retryAfter, Throwable cause) {
        // Expected failures are frequent (every lock conflict is one): skip the stack trace unless there is a cause.
        super(detail, cause, false, cause != null);
        this.code = code;
        this.extras = extras == null ? Map.of() : Map.copyOf(extras);
        this.retryAfter = retryAfter;
    }

    /** A dependency (Redis, PostgreSQL, the blob store, a WOPI client) did not answer in time or refused. */
    public static ApiException unavailable(String detail, Duration retryAfter, Throwable cause) {
        return new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, detail, Map.of(), retryAfter, cause);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> extras() {
        return extras;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public ApiError toApiError() {
        return ApiError.of(code, getMessage(), extras);
    }
}
