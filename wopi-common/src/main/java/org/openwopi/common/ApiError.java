package org.openwopi.common;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every non-2xx answer of an internal service, shaped after RFC 9457 ({@code application/problem+json}).
 *
 * @param type     a URI naming the problem type; {@code about:blank} when the status says it all
 * @param title    a short, fixed summary of the problem type
 * @param status   the HTTP status, repeated for clients that lose it
 * @param detail   what went wrong in this occurrence, safe to show (never a stack trace or class name)
 * @param code     the {@link ErrorCode} name, for programs
 * @param extras   problem-specific members (for example {@code currentLockId}), written as top-level members as
 *                 RFC 9457 asks; may be empty, never null
 */
@RegisterForReflection
public record ApiError(String type, String title, int status, String detail, String code,
                       @JsonAnyGetter Map<String, Object> extras) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public ApiError {
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    public static ApiError of(ErrorCode code, String detail) {
        return new ApiError("about:blank", code.title(), code.status(), detail, code.name(), Map.of());
    }

    public static ApiError of(ErrorCode code, String detail, Map<String, Object> extras) {
        return new ApiError("about:blank", code.title(), code.status(), detail, code.name(), extras);
    }
}
