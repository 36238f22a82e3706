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
 * @param client      the WOPI client (discovery-service's name for it) the token was handed to: only that client's
 *                    proof keys may sign requests carrying it; {@code null} for tokens minted before clients were
 *                    named, which {@code wopi.proof.client} signs
 */
public record AccessToken(String userId, String displayName, Resource resource, Set<Permission> permissions,
                          Instant expiresAt, String client) {

    public AccessToken(String userId, String displayName, Resource resource, Set<Permission> permissions,
                       Instant expiresAt) {
        this(userId, displayName, resource, permissions, expiresAt, null);
    }

    public boolean can(Permission permission) {
        return permissions.contains(permission);
    }

    /** The same user and rights, for another resource (the folder URLs and new files we hand out). */
    public AccessToken forResource(Resource other) {
        return new AccessToken(userId, displayName, other, permissions, expiresAt, client);
    }
}
