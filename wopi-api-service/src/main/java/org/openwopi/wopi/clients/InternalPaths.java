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

    /** A query parameter's value. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
