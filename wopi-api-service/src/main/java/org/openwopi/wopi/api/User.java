package org.openwopi.wopi.api;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in user of the user API, from their OIDC token. */
public record User(String id, String displayName) {

    public static User of(SecurityIdentity identity) {
        String id = identity.getPrincipal().getName();
        String name = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            name = jwt.getClaim("name");
        }
        return new User(id, name == null || name.isBlank() ? id : name);
    }
}
