package org.openwopi.wopi.security.access;

import java.util.regex.Pattern;

/** What a file or folder id may look like (storage-service's are UUIDs); anything else names nothing here. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private Ids() {
    }

    /** Whether {@code id} could be an id: traversal, encoded separators, control characters and the like cannot. */
    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
