package org.openwopi.wopi.security.access;

import java.util.EnumSet;
import java.util.Set;

import org.openwopi.wopi.security.token.Permission;

/** What a user is to a file or folder, strongest last; each role allows a fixed set of permissions. */
public enum Role {
    /** No access: the item is answered as unknown (404), so its existence is not given away. */
    NONE(EnumSet.noneOf(Permission.class)),
    VIEWER(EnumSet.of(Permission.VIEW)),
    EDITOR(EnumSet.of(Permission.VIEW, Permission.EDIT, Permission.CREATE)),
    OWNER(EnumSet.allOf(Permission.class));

    private final EnumSet<Permission> permissions;

    Role(EnumSet<Permission> permissions) {
        this.permissions = permissions;
    }

    /** A copy, for the caller to narrow. */
    public Set<Permission> permissions() {
        return EnumSet.copyOf(permissions);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** The role a share names ({@code viewer}, {@code editor}); NONE for no share (null) or a role this version does not know. */
    public static Role ofShare(String role) {
        if ("editor".equals(role)) {
            return EDITOR;
        }
        return "viewer".equals(role) ? VIEWER : NONE;
    }

    /** The name a share gives this role, as the user API shows it. */
    public String shareName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
