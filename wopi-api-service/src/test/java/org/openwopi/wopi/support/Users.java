package org.openwopi.wopi.support;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Signed-in users of the user API and host page: OIDC access tokens signed with the key the test profile trusts in
 * place of an identity provider (src/test/resources/keys/oidc-private.pem), with Keycloak's claims.
 */
public final class Users {

    private Users() {
    }

    /** The client the application is configured for ({@code quarkus.oidc.client-id}). */
    public static final String CLIENT = "openwopi-web";

    public static String token(String username, String... groups) {
        return tokenIssuedTo(CLIENT, username, groups);
    }

    /** A token the identity provider issued to {@code client} (audience and authorized party). */
    public static String tokenIssuedTo(String client, String username, String... groups) {
        try {
            var claims = Jwt.issuer("https://idp.example.com/realms/openwopi").subject("sub-" + username).audience(client)
                    .claim("azp", client).claim("name", username + " Example");
            if (username != null) {
                claims.claim("preferred_username", username);
            }
            return claims
                    .groups(Set.of(groups))
                    .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                    .jws().algorithm(SignatureAlgorithm.RS256)
                    .sign(KeyUtils.decodePrivateKey(Files.readString(Path.of("src/test/resources/keys/oidc-private.pem")),
                            SignatureAlgorithm.RS256));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs the user in once (so shares can name them) and answers their id. */
    public static String signedIn(String username) {
        as(username).get("/api/me").then().statusCode(200);
        return username;
    }

    public static RequestSpecification as(String username, String... groups) {
        return given().header("Authorization", "Bearer " + token(username, groups));
    }
}
