package org.openwopi.wopi.security.token;

import java.time.Instant;
import java.util.Set;

/**
 * A verified WOPI access token.
 *
 * @param userId      the user Office acts for (the token's subject)
 * @param displayName the name Office shows for that user
 * @param resource    the one file or folder the token opens
 * @param permissions what the user may do with it
 * @param expiresAt   when it stops working; {@code access_token_ttl} is this in epoch milliseconds
 */
public record AccessToken(String userId, String displayName, Resource resource, Set<Permission> permissions,
                          Instant expiresAt) {

    public boolean can(Permission permission) {
        return permissions.contains(permission);
    }

    /** The same user and rights, for another resource (the folder URLs and new files we hand out). */
    public AccessToken forResource(Resource other) {
        return new AccessToken(userId, displayName, other, permissions, expiresAt);
    }
}
