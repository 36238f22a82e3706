package org.openwopi.common;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Optional query parameters as the services read them: blank is absent, and a malformed one is a 400 naming it. */
public final class QueryValues {

    private QueryValues() {
    }

    /** The value, or null when absent or blank. */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** An ISO-8601 instant, or null when absent or blank. */
    public static Instant instant(String name, String value) {
        if (optional(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be an ISO-8601 instant (2026-12-06T10:00:00Z)");
        }
    }
}
