package org.openwopi.common.telemetry;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps secrets out of every span: the HTTP instrumentation records a request's query string, and ours carry
 * credentials (a WOPI access token in {@code access_token}, a FileUrl's {@code t}, an OIDC code and state). Their
 * values become {@value #REDACTED} as the span starts, before anything can export it; the names stay, for debugging.
 */
@ApplicationScoped
public class SecretRedaction implements SpanProcessor {

    static final String REDACTED = "REDACTED";
    private static final Set<String> SECRET_PARAMETERS = Set.of("access_token", "t", "code", "state", "id_token",
            "token", "password", "session_state");
    private static final List<AttributeKey<String>> WITH_QUERY = List.of(AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("http.target"), AttributeKey.stringKey("url.full"), AttributeKey.stringKey("http.url"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : WITH_QUERY) {
            String value = span.getAttribute(key);
            if (value != null) {
                String redacted = redact(value);
                if (!redacted.equals(value)) {
                    span.setAttribute(key, redacted);
                }
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    /**
     * {@code value} (a query string, or a URL or target with one) with the values of its secret parameters replaced.
     */
    static String redact(String value) {
        int start = value.indexOf('?') + 1;
        int end = value.indexOf('#');
        if (end < 0) {
            end = value.length();
        }
        if (start == 0 && value.contains("://")) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, start);
        String query = value.substring(start, Math.max(start, end));
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String pair = pairs[i];
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (equals >= 0 && SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                out.append(name).append('=').append(REDACTED);
            } else {
                out.append(pair);
            }
        }
        return out.append(value, Math.max(start, end), value.length()).toString();
    }
}
