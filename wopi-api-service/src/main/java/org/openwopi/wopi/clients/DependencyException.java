package org.openwopi.wopi.clients;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A non-2xx answer from lock-, storage- or discovery-service, with what its problem+json body said. Callers translate
 * it into the status WOPI (or the user API) asks for; {@link #unavailable()} ones become 503.
 */
public class DependencyException extends RuntimeException {

    private final String service;
    private final int status;
    private final String code;
    private final transient Map<String, Object> body;

    public DependencyException(String service, int status, String code, String detail, Map<String, Object> body) {
        super(service + " answered " + status + (detail == null ? "" : ": " + detail), null, false, false);
        this.service = service;
        this.status = status;
        this.code = code;
        this.body = body == null ? Map.of() : body;
    }

    public String service() {
        return service;
    }

    public int status() {
        return status;
    }

    /** The problem's {@code code} (an ErrorCode name), or null. */
    public String code() {
        return code;
    }

    /** A member of the problem body, e.g. {@code currentLockId} or {@code reason}; null when absent. */
    public String member(String name) {
        Object value = body.get(name);
        return value == null ? null : value.toString();
    }

    public String detail() {
        return member("detail");
    }

    public boolean unavailable() {
        return status == 503 || status == 502 || status == 504;
    }

    /** From an answer's body as received: problem+json, or anything else (then the status alone has to do). */
    @SuppressWarnings("unchecked")
    static DependencyException of(String service, int status, byte[] answer, ObjectMapper json) {
        Map<String, Object> body = Map.of();
        try {
            if (answer.length > 0) {
                body = json.readValue(answer, Map.class);
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON (a proxy's error page, say): the status alone has to do.
        }
        return of(service, status, body);
    }

    private static DependencyException of(String service, int status, Map<String, Object> body) {
        Object code = body == null ? null : body.get("code");
        Object detail = body == null ? null : body.get("detail");
        return new DependencyException(service, status, code == null ? null : code.toString(),
                detail == null ? null : detail.toString(), body);
    }
}
