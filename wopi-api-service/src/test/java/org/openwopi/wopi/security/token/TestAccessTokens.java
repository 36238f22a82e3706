package org.openwopi.wopi.security.token;

import java.time.Duration;

import org.openwopi.wopi.support.TestWopiConfig;

/**
 * Access tokens minted in the test's own JVM with the test profile's signing key, the way the service mints them: a
 * test run against the packaged service ({@code @QuarkusIntegrationTest}, native under {@code -Dnative}) has no bean to
 * ask, so the tests that also run that way take their tokens from here in both modes.
 */
public final class TestAccessTokens {

    private TestAccessTokens() {
    }

    private static AccessTokens tokens;

    /**
     * Signed with the current test key ({@code test-current}), living the service's default 10 hours: one instance for
     * the test JVM, as the service has one bean.
     */
    public static synchronized AccessTokens shared() {
        if (tokens == null) {
            tokens = new AccessTokens(new TestWopiConfig(true, Duration.ofHours(10)));
        }
        return tokens;
    }
}
