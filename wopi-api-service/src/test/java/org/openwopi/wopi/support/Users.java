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

    public static String token(String username, String... groups) {
        try {
            return Jwt.issuer("https://idp.example.com/realms/openwopi").subject("sub-" + username)
                    .claim("preferred_username", username).claim("name", username + " Example")
                    .groups(Set.of(groups))
                    .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                    .jws().algorithm(SignatureAlgorithm.RS256)
                    .sign(KeyUtils.decodePrivateKey(Files.readString(Path.of("src/test/resources/keys/oidc-private.pem")),
                            SignatureAlgorithm.RS256));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RequestSpecification as(String username, String... groups) {
        return given().header("Authorization", "Bearer " + token(username, groups));
    }
}
