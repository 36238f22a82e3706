package org.openwopi.common.serviceauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

class ServiceCredentialsTest {

    @TempDir
    Path dir;

    private final KeyPair current = TestKeys.p256();
    private final KeyPair previous = TestKeys.p256();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @Test
    void theCallersCredentialPassesAndNoneOrAnotherSchemeIsRefused() {
        ServiceCredentials receiving = receiving("lock-service", true);
        ServiceTokens calling = calling(current, "k1");
        assertThatCode(() -> receiving.check(calling.authorization("lock-service"))).doesNotThrowAnyException();
        assertUnauthorized(() -> receiving.check(null), "answers wopi-api-service only");
        assertUnauthorized(() -> receiving.check("Basic d29waTp3b3Bp"), "must be 'Bearer");
        assertUnauthorized(() -> receiving.check(calling.authorization("storage-service")), "not lock-service");
    }

    @Test
    void thePreviousKeyStaysAcceptedDuringARotation() {
        ServiceCredentials receiving = receiving("lock-service", true);
        assertThatCode(() -> receiving.check(calling(previous, "k0").authorization("lock-service"))).doesNotThrowAnyException();
        assertUnauthorized(() -> receiving.check(calling(TestKeys.p256(), "k0").authorization("lock-service")), "does not verify");
    }

    @Test
    void aRememberedCredentialIsRefusedOnceItExpires() {
        ServiceCredentials receiving = receiving("lock-service", true);
        String authorization = calling(current, "k1").authorization("lock-service");
        receiving.check(authorization);
        clock.advance(Duration.ofMinutes(5).plusSeconds(31));
        assertUnauthorized(() -> receiving.check(authorization), "expired");
    }

    @Test
    void theCallerRenewsItsCredentialBeforeItExpires() {
        ServiceTokens calling = calling(current, "k1");
        String first = calling.authorization("lock-service");
        clock.advance(Duration.ofMinutes(1));
        assertThat(calling.authorization("lock-service")).isEqualTo(first);
        clock.advance(Duration.ofMinutes(2));
        String renewed = calling.authorization("lock-service");
        assertThat(renewed).isNotEqualTo(first);
        clock.advance(Duration.ofMinutes(4));
        assertThatCode(() -> receiving("lock-service", true).check(renewed)).doesNotThrowAnyException();
    }

    @Test
    void enforcingWithoutAKeyStopsTheServiceFromStarting() {
        assertThatThrownBy(() -> new ServiceCredentials(config("lock-service", true, false), clock))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("service-auth.current.public-key");
    }

    @Test
    void aKeyOnAnotherCurveIsRefusedAtStart() {
        Path p384 = TestKeys.writePublic(dir, "p384.pem", TestKeys.pair("secp384r1"));
        assertThatThrownBy(() -> EcKeys.publicKey(p384.toString())).hasMessageContaining("P-256");
        assertThatThrownBy(() -> EcKeys.publicKey(dir.resolve("missing.pem").toString())).hasMessageContaining("cannot read key file");
    }

    @Test
    void aCallerWithoutASigningKeySendsNoCredential() {
        ServiceTokens unsigned = new ServiceTokens(config("wopi-api-service", false, false), "wopi-api-service", clock);
        assertThat(unsigned.authorization("lock-service")).isNull();
    }

    private ServiceCredentials receiving(String audience, boolean enforce) {
        return new ServiceCredentials(config(audience, enforce, true), clock);
    }

    private ServiceTokens calling(KeyPair key, String kid) {
        Path file = TestKeys.writePrivate(dir, kid + "-" + System.nanoTime() + ".pem", key);
        ServiceAuthConfig base = config("wopi-api-service", false, true);
        return new ServiceTokens(new TestConfig(base) {
            @Override
            public Optional<PrivateKeyFile> signing() {
                return Optional.of(new PrivateKeyFile() {
                    public String kid() {
                        return kid;
                    }

                    public String privateKey() {
                        return file.toString();
                    }
                });
            }
        }, "wopi-api-service", clock);
    }

    private ServiceAuthConfig config(String audience, boolean enforce, boolean withKeys) {
        Path currentFile = TestKeys.writePublic(dir, "current.pem", current);
        Path previousFile = TestKeys.writePublic(dir, "previous.pem", previous);
        return new TestConfig(null) {
            @Override
            public boolean enforce() {
                return enforce;
            }

            @Override
            public Optional<PublicKeyFile> current() {
                return withKeys ? Optional.of(key("k1", currentFile)) : Optional.empty();
            }

            @Override
            public Optional<PublicKeyFile> previous() {
                return withKeys ? Optional.of(key("k0", previousFile)) : Optional.empty();
            }

            @Override
            public String audience() {
                return audience;
            }
        };
    }

    private static ServiceAuthConfig.PublicKeyFile key(String kid, Path file) {
        return new ServiceAuthConfig.PublicKeyFile() {
            public String kid() {
                return kid;
            }

            public String publicKey() {
                return file.toString();
            }
        };
    }

    private static void assertUnauthorized(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED)).hasMessageContaining(reason);
    }

    /** The defaults of {@link ServiceAuthConfig}, each overridable; delegates to another config when given. */
    private static class TestConfig implements ServiceAuthConfig {
        private final ServiceAuthConfig delegate;

        TestConfig(ServiceAuthConfig delegate) {
            this.delegate = delegate;
        }

        public boolean enforce() {
            return delegate != null && delegate.enforce();
        }

        public Optional<PublicKeyFile> current() {
            return delegate == null ? Optional.empty() : delegate.current();
        }

        public Optional<PublicKeyFile> previous() {
            return delegate == null ? Optional.empty() : delegate.previous();
        }

        public Optional<PrivateKeyFile> signing() {
            return delegate == null ? Optional.empty() : delegate.signing();
        }

        public String issuer() {
            return "openwopi-wopi-api";
        }

        public String audience() {
            return delegate == null ? "test" : delegate.audience();
        }

        public Duration ttl() {
            return Duration.ofMinutes(5);
        }

        public Duration maxTtl() {
            return Duration.ofMinutes(15);
        }

        public Duration clockSkew() {
            return Duration.ofSeconds(30);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
