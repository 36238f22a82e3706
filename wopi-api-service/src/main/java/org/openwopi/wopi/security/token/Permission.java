package org.openwopi.wopi.security.token;

import java.util.EnumSet;
import java.util.Set;

/** What an access token lets its user do; each travels in the token as one letter. */
public enum Permission {
    VIEW('v'),
    EDIT('e'),
    RENAME('r'),
    DELETE('d'),
    /** PutRelativeFile, CreateChildFile and CreateChildContainer. */
    CREATE('c'),
    /** Giving others access: the owner's alone. */
    SHARE('s');

    private final char letter;

    Permission(char letter) {
        this.letter = letter;
    }

    public static String encode(Set<Permission> permissions) {
        StringBuilder out = new StringBuilder(permissions.size());
        for (Permission permission : values()) {
            if (permissions.contains(permission)) {
                out.append(permission.letter);
            }
        }
        return out.toString();
    }

    /** Unknown letters are ignored: a token from a newer version never grants more than this version knows. */
    public static Set<Permission> decode(String letters) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        if (letters != null) {
            for (Permission permission : values()) {
                if (letters.indexOf(permission.letter) >= 0) {
                    permissions.add(permission);
                }
            }
        }
        return permissions;
    }

    /** Everything an owner may do with their own file. */
    public static Set<Permission> all() {
        return EnumSet.allOf(Permission.class);
    }
}
