package org.openwopi.storage.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/**
 * Where a keyset page ends: the kind (folders come before files), the lower-cased name and the id of its last entry.
 * Clients get it as an opaque {@code next} and send it back as {@code after}.
 */
public record PageCursor(boolean files, String name, String id) {

    public static final PageCursor FIRST_FOLDER = new PageCursor(false, "", "");
    public static final PageCursor FIRST_FILE = new PageCursor(true, "", "");

    public static PageCursor decode(String text) {
        if (text == null || text.isEmpty()) {
            return FIRST_FOLDER;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 3 && (parts[0].equals("c") || parts[0].equals("f"))) {
                return new PageCursor(parts[0].equals("f"), parts[1], parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // Answered below.
        }
        throw new ApiException(ErrorCode.BAD_REQUEST, "after must be the next value of a listing page");
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(((files ? "f" : "c") + "\n" + name + "\n" + id).getBytes(StandardCharsets.UTF_8));
    }
}
