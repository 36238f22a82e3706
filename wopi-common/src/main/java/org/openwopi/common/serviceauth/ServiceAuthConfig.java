package org.openwopi.common.serviceauth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Service-to-service credentials: wopi-api-service signs a short-lived ES256 JWT per internal service
 * ({@code aud} = that service's name) with a key only it holds; lock-, storage- and discovery-service verify it with
 * the public key and refuse every other call but health and metrics. Being inside the cluster network is not enough.
 */
@ConfigMapping(prefix = "service-auth")
public interface ServiceAuthConfig {

    /** Refuse calls without a valid service credential. Off only in wopi-api-service, which checks its own tokens. */
    @WithDefault("true")
    boolean enforce();

    /** The public key credentials are checked with (required when enforcing). */
    Optional<PublicKeyFile> current();

    /** The key being rotated out: credentials it signed stay valid until they expire. */
    Optional<PublicKeyFile> previous();

    /** The caller's signing key (wopi-api-service only). */
    Optional<PrivateKeyFile> signing();

    /** {@code iss} written and required. */
    @WithDefault("openwopi-wopi-api")
    String issuer();

    /** {@code aud} required here: this service's name. */
    @WithDefault("${quarkus.application.name}")
    String audience();

    /** Lifetime of the credentials the caller mints (it mints a new one well before expiry). */
    @WithDefault("PT5M")
    Duration ttl();

    /** Longest lifetime a credential may claim; a longer one is refused even when correctly signed. */
    @WithDefault("PT15M")
    Duration maxTtl();

    /** Clock difference tolerated between caller and service. */
    @WithDefault("PT30S")
    Duration clockSkew();

    interface PublicKeyFile {
        String kid();

        /** Path of a PEM file (X.509 SubjectPublicKeyInfo, EC P-256). */
        String publicKey();
    }

    interface PrivateKeyFile {
        String kid();

        /** Path of a PEM file (PKCS#8, EC P-256). */
        String privateKey();
    }
}
