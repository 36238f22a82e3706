package org.openwopi.wopi.userapi;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in user of the user API, from their OIDC token. */
public record User(String id, String displayName) {

    /** The user, or 401 for an identity without a user id (a token of a client, not of a person). */
    public static User of(SecurityIdentity identity) {
        String id = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        if (id == null || id.isBlank() || id.length() > 256) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "the token names no user");
        }
        String name = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            name = jwt.getClaim("name");
        }
        return new User(id, name == null || name.isBlank() ? id : name);
    }
}
