package org.openwopi.common.telemetry;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jboss.logging.MDC;

/**
 * Office's {@code X-WOPI-CorrelationID}, carried to every log line of the request it belongs to, in every service:
 * wopi-api-service puts it in the log context (MDC key {@value #MDC_KEY}) and sends it on to the internal services as
 * the W3C baggage entry {@value #BAGGAGE_KEY}, whose {@link CorrelationRoute} puts it in theirs. The trace id sits
 * beside it in the MDC (key {@code traceId}, put there by Quarkus's OpenTelemetry support).
 *
 * <p>The value comes from outside: it is cut to {@value #MAX_LENGTH} characters of a GUID's alphabet, so a log line
 * cannot be forged or inflated through it.
 */
public final class Correlation {

    public static final String MDC_KEY = "correlationId";
    public static final String BAGGAGE_KEY = "wopi.correlation_id";
    public static final String BAGGAGE_HEADER = "baggage";
    static final int MAX_LENGTH = 128;

    private Correlation() {
    }

    /** The id as it may be logged, or null when nothing of it may. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(raw.length(), MAX_LENGTH));
        for (int i = 0; i < raw.length() && kept.length() < MAX_LENGTH; i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == ':' || c == '{' || c == '}') {
                kept.append(c);
            }
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /** Puts the (cleaned) id in the log context of the current request; nothing when there is none. */
    public static String enter(String raw) {
        String id = clean(raw);
        if (id != null) {
            MDC.put(MDC_KEY, id);
        }
        return id;
    }

    /** The id of the current request's log context, or null. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** The {@code baggage} header value that carries {@code id} to an internal service. */
    public static String baggage(String id) {
        return BAGGAGE_KEY + "=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The correlation id in a {@code baggage} header, or null. Other members are ignored. */
    public static String fromBaggage(String header) {
        if (header == null) {
            return null;
        }
        for (String member : header.split(",")) {
            String entry = member.strip();
            int semicolon = entry.indexOf(';');
            if (semicolon >= 0) {
                entry = entry.substring(0, semicolon);
            }
            int equals = entry.indexOf('=');
            if (equals > 0 && entry.substring(0, equals).strip().equals(BAGGAGE_KEY)) {
                try {
                    return clean(URLDecoder.decode(entry.substring(equals + 1).strip(), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }
}
