package org.openwopi.wopi.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WOPI answer other than success: the status the specification asks for, the X-WOPI-* headers that go with it,
 * and a reason for the log and the (plain text) body.
 */
public class WopiException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public WopiException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public WopiException header(String name, String value) {
        headers.put(name, value == null ? "" : value);
        return this;
    }

    public static WopiException badRequest(String reason) {
        return new WopiException(400, reason);
    }

    public static WopiException notFound(String reason) {
        return new WopiException(404, reason);
    }

    public static WopiException unauthorized(String reason) {
        return new WopiException(401, reason);
    }

    public static WopiException notImplemented(String reason) {
        return new WopiException(501, reason);
    }

    /** A lock mismatch: {@code X-WOPI-Lock} is the current lock, empty when the file is not locked. */
    public static WopiException lockConflict(String currentLock, String reason) {
        return new WopiException(409, reason)
                .header(WopiHeaders.LOCK, currentLock == null ? "" : currentLock)
                .header(WopiHeaders.LOCK_FAILURE_REASON, reason);
    }
}
