package org.openwopi.common.serviceauth;

import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/**
 * The receiving end: checks the {@code Authorization: Bearer} service credential of a call. A credential that
 * verified is remembered until it expires, so the steady state (the caller reuses one credential for minutes) costs a
 * map lookup, not a signature check per request.
 */
@ApplicationScoped
public class ServiceCredentials {

    private static final Logger LOG = Logger.getLogger(ServiceCredentials.class);
    private static final int MAX_REMEMBERED = 1024;

    private final ServiceAuthConfig config;
    private final Clock clock;
    private final Map<String, ECPublicKey> keys = new HashMap<>();
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    @Inject
    ServiceCredentials(ServiceAuthConfig config) {
        this(config, Clock.systemUTC());
    }

    ServiceCredentials(ServiceAuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        if (!config.enforce()) {
            return;
        }
        ServiceAuthConfig.PublicKeyFile current = config.current().orElseThrow(() -> new IllegalStateException(
                "service-auth.enforce is on but no key is configured: set service-auth.current.kid and "
                        + "service-auth.current.public-key (the public half of wopi-api-service's service-auth.signing key)"));
        keys.put(current.kid(), EcKeys.publicKey(current.publicKey()));
        config.previous().ifPresent(previous -> {
            if (previous.kid().equals(current.kid())) {
                throw new IllegalStateException("service-auth.previous.kid must differ from service-auth.current.kid");
            }
            keys.put(previous.kid(), EcKeys.publicKey(previous.publicKey()));
        });
        LOG.infof("Calls need a service credential for audience %s; accepted kids %s", config.audience(), keys.keySet());
    }

    public boolean enforced() {
        return config.enforce();
    }

    /** Passes a call whose {@code Authorization} header carries a valid credential for this service; 401 otherwise. */
    public void check(String authorization) {
        String token = bearer(authorization);
        Instant now = clock.instant();
        Long expiresAt = verified.get(token);
        if (expiresAt != null && expiresAt + config.clockSkew().toSeconds() > now.getEpochSecond()) {
            return;
        }
        try {
            ServiceJwt.Claims claims = ServiceJwt.verify(token, keys, config.issuer(), config.audience(), now,
                    config.clockSkew(), config.maxTtl());
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(token, claims.expiresAt());
        } catch (ServiceJwt.InvalidCredential e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED,
                    "this service answers wopi-api-service only: send its service credential (Authorization: Bearer)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "the Authorization header must be 'Bearer <service credential>'");
        }
        return authorization.substring(7).trim();
    }
}
