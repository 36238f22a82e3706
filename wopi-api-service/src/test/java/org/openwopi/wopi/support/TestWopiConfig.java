package org.openwopi.wopi.support;

import java.time.Duration;
import java.util.Optional;

import org.openwopi.wopi.config.WopiConfig;

/** A {@link WopiConfig} for unit tests: the test keys under src/test/resources/keys and the defaults. */
public class TestWopiConfig implements WopiConfig {

    private final boolean withPrevious;
    private final Duration ttl;

    public TestWopiConfig(boolean withPrevious, Duration ttl) {
        this.withPrevious = withPrevious;
        this.ttl = ttl;
    }

    @Override
    public String publicBaseUrl() {
        return "https://wopi.example.com";
    }

    @Override
    public Token token() {
        return new Token() {
            @Override
            public String issuer() {
                return "openwopi-wopi-api";
            }

            @Override
            public Duration ttl() {
                return ttl;
            }

            @Override
            public Duration recheckShared() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Key current() {
                return new Key() {
                    @Override
                    public String kid() {
                        return "test-current";
                    }

                    @Override
                    public String privateKey() {
                        return "src/test/resources/keys/current-private.pem";
                    }

                    @Override
                    public String publicKey() {
                        return "src/test/resources/keys/current-public.pem";
                    }
                };
            }

            @Override
            public Optional<PreviousKey> previous() {
                if (!withPrevious) {
                    return Optional.empty();
                }
                return Optional.of(new PreviousKey() {
                    @Override
                    public String kid() {
                        return "test-previous";
                    }

                    @Override
                    public String publicKey() {
                        return "src/test/resources/keys/previous-public.pem";
                    }
                });
            }
        };
    }

    @Override
    public Host host() {
        return new Host() {
            @Override
            public Optional<String> allowedGroup() {
                return Optional.empty();
            }

            @Override
            public String operatorGroup() {
                return "wopi-operators";
            }

            @Override
            public boolean businessUser() {
                return true;
            }

            @Override
            public Optional<String> uiLanguage() {
                return Optional.empty();
            }

            @Override
            public Optional<String> clientProxyUrl() {
                return Optional.empty();
            }
        };
    }

    @Override
    public Duration fileUrlTtl() {
        return Duration.ofMinutes(5);
    }

    @Override
    public Directory directory() {
        return new Directory() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public Optional<String> realmUrl() {
                return Optional.empty();
            }

            @Override
            public Optional<String> clientId() {
                return Optional.empty();
            }

            @Override
            public Optional<String> clientSecret() {
                return Optional.empty();
            }

            @Override
            public Duration maxAge() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }
        };
    }

    @Override
    public Launch launch() {
        return Optional::empty;
    }

    @Override
    public Templates templates() {
        return Optional::empty;
    }

    @Override
    public Audit audit() {
        return new Audit() {
            @Override
            public int queueSize() {
                return 100;
            }

            @Override
            public java.time.Duration flushInterval() {
                return java.time.Duration.ofSeconds(1);
            }

            @Override
            public boolean log() {
                return false;
            }
        };
    }

    @Override
    public Conversion conversion() {
        return () -> Conversion.Mode.IN_PLACE;
    }

    @Override
    public Uploads uploads() {
        return new Uploads() {
            @Override
            public int perUser() {
                return 4;
            }

            @Override
            public int total() {
                return 128;
            }

            @Override
            public Duration progressWindow() {
                return Duration.ofSeconds(30);
            }

            @Override
            public long minProgressBytes() {
                return 16384;
            }
        };
    }

    @Override
    public Proof proof() {
        return proof(Duration.ofSeconds(10));
    }

    public static Proof proof(Duration refreshMinInterval) {
        return new Proof() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String client() {
                return "default";
            }

            @Override
            public Duration maxAge() {
                return Duration.ofMinutes(20);
            }

            @Override
            public Duration maxSkew() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration refreshMinInterval() {
                return refreshMinInterval;
            }

            @Override
            public Duration cacheTtl() {
                return Duration.ofMinutes(5);
            }
        };
    }

    @Override
    public int fileNameMaxLength() {
        return 250;
    }

    @Override
    public String brandName() {
        return "OpenWOPI";
    }

    @Override
    public String closeUrl() {
        return "/";
    }

    @Override
    public int maxUserInfoBytes() {
        return 4096;
    }
}
