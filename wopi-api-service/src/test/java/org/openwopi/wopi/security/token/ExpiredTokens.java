package org.openwopi.wopi.security.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.openwopi.wopi.config.WopiConfig;

/** Tokens signed with the service's own key whose life ended: what an attacker replays from an old log. */
public final class ExpiredTokens {

    private ExpiredTokens() {
    }

    public static String expired(WopiConfig config, String userId, String fileId, Set<Permission> permissions) {
        Clock longAgo = Clock.fixed(Instant.now().minus(config.token().ttl()).minus(Duration.ofHours(1)), ZoneOffset.UTC);
        return new AccessTokens(config, longAgo).mint(userId, userId, Resource.file(fileId), permissions).token();
    }
}
