package org.openwopi.discovery.resolve;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an action's {@code urlsrc} template into the URL the host page posts to, as the discovery specification says:
 * each {@code <name=PLACEHOLDER&>} segment becomes {@code name=value&} when we know the placeholder and have a value
 * for it, and disappears whole otherwise; WOPISrc goes where the template asks for {@code WOPI_SOURCE}, or is added as
 * a query parameter when it does not.
 */
public final class ActionUrlResolver {

    /** The placeholder that carries WOPISrc. */
    public static final String WOPI_SOURCE = "WOPI_SOURCE";

    /** Placeholders a host may fill; any other is removed even if a value is offered for it. */
    public static final Set<String> KNOWN_PLACEHOLDERS = Set.of(
            "UI_LLCC", "DC_LLCC", "EMBEDDED", "DISABLE_ASYNC", "DISABLE_BROADCAST", "FULLSCREEN", "RECORDING", "THEME_ID",
            "DISABLE_CHAT", "PERFSTATS", "BUSINESS_USER", "HOST_SESSION_ID", "SESSION_CONTEXT", "ACTIVITY_NAVIGATION_ID",
            "VALIDATOR_TEST_CATEGORY", WOPI_SOURCE);

    private static final Pattern SEGMENT = Pattern.compile("<([^<>=]+)=([^<>&]+)&?>");

    private ActionUrlResolver() {
    }

    /**
     * @param urlsrc  the action's template
     * @param wopiSrc the file's WOPI URL ({@code https://host/wopi/files/ID}), not yet encoded
     * @param values  placeholder values by placeholder name; blank values count as absent
     */
    public static String resolve(String urlsrc, String wopiSrc, Map<String, String> values) {
        Matcher matcher = SEGMENT.matcher(urlsrc);
        StringBuilder url = new StringBuilder();
        boolean wopiSrcPlaced = false;
        while (matcher.find()) {
            String parameter = matcher.group(1).strip();
            String placeholder = matcher.group(2).strip();
            String value = WOPI_SOURCE.equals(placeholder) ? wopiSrc : values.get(placeholder);
            String replacement = "";
            if (KNOWN_PLACEHOLDERS.contains(placeholder) && value != null && !value.isBlank()) {
                replacement = parameter + "=" + encode(value) + "&";
                wopiSrcPlaced |= WOPI_SOURCE.equals(placeholder);
            }
            matcher.appendReplacement(url, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(url);
        if (!wopiSrcPlaced) {
            appendParameter(url, "WOPISrc=" + encode(wopiSrc));
        }
        return tidy(url);
    }

    private static void appendParameter(StringBuilder url, String parameter) {
        int query = url.indexOf("?");
        if (query < 0) {
            url.append('?');
        } else if (query != url.length() - 1 && url.charAt(url.length() - 1) != '&') {
            url.append('&');
        }
        url.append(parameter);
    }

    /** Drops the trailing separators removed segments leave behind. */
    private static String tidy(StringBuilder url) {
        int end = url.length();
        while (end > 0 && (url.charAt(end - 1) == '&' || url.charAt(end - 1) == '?')) {
            end--;
        }
        return url.substring(0, end);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
