package org.openwopi.storage.file;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/**
 * {@code X-Editors}: who edited in the session that saves a version (WOPI's X-WOPI-Editors, relayed by
 * wopi-api-service), comma-separated user ids. Bounded, since it is stored with every version.
 */
final class Editors {

    static final int MAX_EDITORS = 64;
    static final int MAX_LENGTH = 256;

    private Editors() {
    }

    /** The listed user ids, each once, in order; at most {@link #MAX_EDITORS} are kept. */
    static List<String> parse(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        Set<String> editors = new LinkedHashSet<>();
        for (String part : header.split(",")) {
            String editor = part.trim();
            if (editor.isEmpty()) {
                continue;
            }
            if (editor.length() > MAX_LENGTH || editor.chars().anyMatch(Character::isISOControl)) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "X-Editors names user ids of at most " + MAX_LENGTH
                        + " characters without control characters");
            }
            if (editors.size() < MAX_EDITORS) {
                editors.add(editor);
            }
        }
        return List.copyOf(editors);
    }
}
