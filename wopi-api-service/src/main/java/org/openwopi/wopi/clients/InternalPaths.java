package org.openwopi.wopi.clients;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Values put into the internal services' paths and queries, encoded. */
final class InternalPaths {

    private InternalPaths() {
    }

    /** One path segment (ids are checked before they get here; names and client names are not). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[a-z-]{1,24}");

    /** The collections of the internal APIs whose next segment names one item (a file, person, client, version...). */
    private static final java.util.Set<String> COLLECTIONS = java.util.Set.of("files", "folders", "containers", "homes",
            "people", "users", "locks", "unsaved", "versions", "shares", "clients", "activities", "children");

    /**
     * A path with its ids and names as {@code {id}}: what a span may be named after without one name per file or
     * person ({@code /files/{id}/content}, {@code /homes/{id}}).
     */
    static String template(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            boolean item = COLLECTIONS.contains(segments[i - 1]) || !WORD.matcher(segments[i]).matches();
            if (!segments[i].isEmpty() && item) {
                segments[i] = "{id}";
            }
        }
        return String.join("/", segments);
    }

    /** A query parameter's value. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
