package org.openwopi.wopi.security.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.support.OfficeDouble;
import org.openwopi.wopi.support.TestWopiConfig;

import io.smallrye.mutiny.Uni;

/**
 * The clock rules and the refresh-on-failure path, with discovery-service played in process (its real HTTP
 * contract is exercised by the @QuarkusTest suites).
 */
class ProofValidatorTest {

    private static final String URL = "https://wopi.example.com/wopi/files/f-1?access_token=abc";
    private static final String TOKEN = "abc";

    private final KeyPair current = newKey();
    private final KeyPair old = newKey();
    private final Discovery discovery = new Discovery();

    @Test
    void acceptsAProofSignedNowWithTheCurrentKey() {
        discovery.publish(current, old);
        ProofValidator validator = validator(Duration.ofSeconds(10));

        assertThat(check(validator, Instant.now(), current, old)).isEqualTo(ProofSignature.Match.PROOF_CURRENT);
    }

    @Test
    void acceptsProofOldWithTheCurrentKeyAndProofWithTheOldKey() {
        discovery.publish(current, old);
        ProofValidator validator = validator(Duration.ofSeconds(10));
        KeyPair stranger = newKey();

        // Office rotated and we have not seen it yet: it signs Proof with a key we do not know, ProofOld with ours.
        assertThat(check(validator, Instant.now(), stranger, current)).isEqualTo(ProofSignature.Match.PROOF_OLD_CURRENT);
        // We rotated before Office: its Proof is our old key.
        assertThat(check(validator, Instant.now(), old, stranger)).isEqualTo(ProofSignature.Match.PROOF_OLD_KEY);
    }

    @Test
    void refusesATimestampOlderThanTwentyMinutesWithoutAskingDiscovery() {
        discovery.publish(current, old);
        ProofValidator validator = validator(Duration.ofSeconds(10));

        assertThatThrownBy(() -> check(validator, Instant.now().minus(Duration.ofMinutes(21)), current, old))
                .isInstanceOf(ProofFailedException.class).hasMessageContaining("older than");
        assertThat(discovery.refreshes.get()).isZero();
    }

    @Test
    void refusesATimestampTooFarInTheFuture() {
        discovery.publish(current, old);

        assertThatThrownBy(() -> check(validator(Duration.ofSeconds(10)), Instant.now().plus(Duration.ofMinutes(6)), current, old))
                .isInstanceOf(ProofFailedException.class).hasMessageContaining("future");
    }

    @Test
    void refusesMissingOrMalformedHeaders() {
        discovery.publish(current, old);
        ProofValidator validator = validator(Duration.ofSeconds(10));

        assertThatThrownBy(() -> validator.check(TOKEN, URL, "123", null, null).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(ProofFailedException.class).hasMessageContaining("X-WOPI-Proof");
        assertThatThrownBy(() -> validator.check(TOKEN, URL, "yesterday", "abc", "abc").await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(ProofFailedException.class).hasMessageContaining("X-WOPI-TimeStamp");
    }

    @Test
    void afterOfficeRotatesTwiceTheKeysAreRefreshedOnceAndTheProofAccepted() {
        discovery.publish(current, old);
        ProofValidator validator = validator(Duration.ofSeconds(10));
        check(validator, Instant.now(), current, old);
        KeyPair newer = newKey();
        KeyPair newest = newKey();
        discovery.publish(newest, newer);

        assertThat(check(validator, Instant.now(), newest, newer)).isEqualTo(ProofSignature.Match.PROOF_CURRENT);
        assertThat(discovery.refreshes.get()).isEqualTo(1);
    }

    @Test
    void badProofsDoNotRefreshMoreThanOncePerInterval() {
        discovery.publish(current, old);
        ProofValidator validator = validator(Duration.ofMinutes(1));
        KeyPair stranger = newKey();

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> check(validator, Instant.now(), stranger, stranger))
                    .isInstanceOf(ProofFailedException.class).hasMessageContaining("neither");
        }
        assertThat(discovery.refreshes.get()).isEqualTo(1);
    }

    @Test
    void keepsServingTheKeysItHasWhenDiscoveryServiceIsDownAfterTheirCacheTimeEnds() {
        discovery.publish(current, old);
        MovableClock clock = new MovableClock();
        ProofValidator validator = new ProofValidator(discovery, TestWopiConfig.proof(Duration.ofSeconds(10)), clock);
        check(validator, Instant.now(), current, old);
        discovery.down = true;
        clock.advance(Duration.ofMinutes(6));

        assertThat(check(validator, Instant.now(), current, old)).isEqualTo(ProofSignature.Match.PROOF_CURRENT);
        assertThat(discovery.keyReads.get()).isEqualTo(2);
    }

    @Test
    void withNoKeysAtAllTheOutageIsReportedNotTakenForABadProof() {
        discovery.down = true;

        assertThatThrownBy(() -> check(validator(Duration.ofSeconds(10)), Instant.now(), current, old))
                .isNotInstanceOf(ProofFailedException.class);
    }

    private ProofValidator validator(Duration refreshMinInterval) {
        return new ProofValidator(discovery, TestWopiConfig.proof(refreshMinInterval), Clock.systemUTC());
    }

    private static ProofSignature.Match check(ProofValidator validator, Instant at, KeyPair proofKey, KeyPair proofOldKey) {
        Map<String, String> headers = OfficeDouble.proofHeaders(TOKEN, URL, at, proofKey.getPrivate(), proofOldKey.getPrivate());
        return validator.check(TOKEN, URL, headers.get("X-WOPI-TimeStamp"), headers.get("X-WOPI-Proof"),
                headers.get("X-WOPI-ProofOld")).await().atMost(Duration.ofSeconds(5));
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** discovery-service as the validator sees it: the published keys, a refresh counter, and an outage switch. */
    private static final class Discovery implements DiscoveryClient {
        volatile ProofKeys published;
        volatile boolean down;
        final AtomicInteger refreshes = new AtomicInteger();
        final AtomicInteger keyReads = new AtomicInteger();

        void publish(KeyPair current, KeyPair old) {
            published = new ProofKeys(key(current), key(old), Instant.now());
        }

        private static ProofKey key(KeyPair pair) {
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            return new ProofKey(base64(key.getModulus()), base64(key.getPublicExponent()));
        }

        private static String base64(BigInteger value) {
            return Base64.getEncoder().encodeToString(value.toByteArray());
        }

        @Override
        public Uni<Void> readiness() {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<java.util.List<ClientStatus>> clients() {
            return Uni.createFrom().item(java.util.List.of());
        }

        @Override
        public Uni<ProofKeys> proofKeys(String client) {
            keyReads.incrementAndGet();
            return down ? Uni.createFrom().failure(new java.net.ConnectException("refused")) : Uni.createFrom().item(published);
        }

        @Override
        public Uni<Refresh> refresh(String client) {
            refreshes.incrementAndGet();
            return down ? Uni.createFrom().failure(new java.net.ConnectException("refused"))
                    : Uni.createFrom().item(new Refresh(true, false, Instant.now()));
        }

        @Override
        public Uni<ResolvedAction> resolve(String client, ResolveRequest request) {
            // ProofValidator never resolves actions; a call here would be a bug in the code under test.
            return Uni.createFrom().failure(new IllegalStateException("resolve is not part of proof checking"));
        }

        @Override
        public Uni<ActionInfo> action(String client, String ext, String action) {
            return Uni.createFrom().failure(new IllegalStateException("actions are not part of proof checking"));
        }
    }

    private static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
