package org.openwopi.common.serviceauth;

import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The calling end (wopi-api-service): one credential per internal service, minted with the signing key and reused
 * until half its lifetime is gone, so a call costs no signature.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Logger LOG = Logger.getLogger(ServiceTokens.class);

    private final ServiceAuthConfig config;
    private final Clock clock;
    private final ECPrivateKey key;
    private final String kid;
    private final String subject;
    private final Map<String, Minted> byAudience = new ConcurrentHashMap<>();

    private record Minted(String authorization, long renewAfter) {
    }

    @Inject
    ServiceTokens(ServiceAuthConfig config, @ConfigProperty(name = "quarkus.application.name") String subject) {
        this(config, subject, Clock.systemUTC());
    }

    ServiceTokens(ServiceAuthConfig config, String subject, Clock clock) {
        this.config = config;
        this.subject = subject;
        this.clock = clock;
        if (config.signing().isPresent()) {
            this.kid = config.signing().get().kid();
            this.key = EcKeys.privateKey(config.signing().get().privateKey());
            LOG.infof("Calls to the internal services carry a service credential (kid %s)", kid);
        } else {
            this.kid = null;
            this.key = null;
            LOG.warn("No service-auth.signing key: calls to the internal services carry no service credential, "
                    + "and services that enforce one will refuse them");
        }
    }

    /** {@code Bearer <credential>} for a call to {@code audience}, or null when no signing key is configured. */
    public String authorization(String audience) {
        if (key == null) {
            return null;
        }
        long now = clock.instant().getEpochSecond();
        Minted minted = byAudience.get(audience);
        if (minted == null || now >= minted.renewAfter()) {
            long ttl = config.ttl().toSeconds();
            String token = ServiceJwt.mint(key, kid, new ServiceJwt.Claims(config.issuer(), subject, audience, now, now + ttl));
            minted = new Minted("Bearer " + token, now + ttl / 2);
            byAudience.put(audience, minted);
        }
        return minted.authorization();
    }
}
