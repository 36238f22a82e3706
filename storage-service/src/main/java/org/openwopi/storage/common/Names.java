package org.openwopi.storage.common;

import java.util.Locale;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/**
 * File and folder name rules, chosen so that a name is valid everywhere a document can travel (Windows, macOS, Office,
 * Collabora): no path separators or reserved characters, no control characters, not "." or "..", no trailing space or
 * dot, and at most the configured length.
 */
public final class Names {

    private static final String FORBIDDEN = "\\/:*?\"<>|";

    private Names() {
    }

    /** The name, or 400 saying which rule it breaks. */
    public static String validate(String name, int maxLength) {
        if (name == null || name.isBlank()) {
            throw invalid("a name is required");
        }
        if (name.codePointCount(0, name.length()) > maxLength) {
            throw invalid("the name is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || FORBIDDEN.indexOf(c) >= 0) {
                throw invalid("the name contains a forbidden character (" + (Character.isISOControl(c) ? "control character"
                        : String.valueOf(c)) + "); these are not allowed: " + FORBIDDEN);
            }
        }
        if (name.equals(".") || name.equals("..") || name.endsWith(".") || name.endsWith(" ") || name.startsWith(" ")) {
            throw invalid("the name must not be . or .., start with a space, or end with a space or a dot");
        }
        return name;
    }

    /** The extension after the last dot, lower case, without the dot; empty when there is none. */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.BAD_REQUEST, detail);
    }
}
