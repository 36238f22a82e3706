package org.openwopi.wopi.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.support.TestWopiConfig;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

class AccessTokensTest {

    private final AccessTokens tokens = new AccessTokens(new TestWopiConfig(true, Duration.ofHours(10)), Clock.systemUTC());

    @Test
    void aMintedTokenVerifiesToTheSameGrant() throws Exception {
        AccessTokens.Minted minted = tokens.mint("alice", "Alice Liddell", Resource.file("f-1"),
                EnumSet.of(Permission.VIEW, Permission.EDIT));

        AccessToken verified = tokens.verify(minted.token());

        assertThat(verified.userId()).isEqualTo("alice");
        assertThat(verified.displayName()).isEqualTo("Alice Liddell");
        assertThat(verified.resource()).isEqualTo(Resource.file("f-1"));
        assertThat(verified.permissions()).containsExactlyInAnyOrder(Permission.VIEW, Permission.EDIT);
        assertThat(verified.expiresAt().toEpochMilli()).isEqualTo(minted.ttlMillis());
    }

    @Test
    void theTtlIsTheExpiryInEpochMillisecondsTenHoursAhead() {
        long before = System.currentTimeMillis();
        AccessTokens.Minted minted = tokens.mint("alice", null, Resource.file("f-1"), Permission.all());

        assertThat(minted.ttlMillis()).isBetween(before + Duration.ofHours(10).toMillis() - 1000,
                System.currentTimeMillis() + Duration.ofHours(10).toMillis());
    }

    @Test
    void staysWellUnderOfficesLimitOnceUrlEncoded() {
        String longId = "0123456789abcdef0123456789abcdef0123";
        String token = tokens.mint("someone.with.a.long.name@example.com", "Someone With A Rather Long Display Name",
                Resource.file(longId), Permission.all()).token();

        // The validator encodes every character but letters and digits, which is the worst case.
        int worstCase = token.length() + 2 * (int) token.chars().filter(c -> !Character.isLetterOrDigit(c)).count();
        assertThat(URLEncoder.encode(token, StandardCharsets.UTF_8).length()).isLessThan(1500);
        assertThat(worstCase).isLessThan(1000);
    }

    @Test
    void aTamperedTokenIsRejected() {
        String token = tokens.mint("alice", null, Resource.file("f-1"), Permission.all()).token();
        String[] parts = token.split("\\.");
        String otherClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("f:f-1", "f:f-2").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> tokens.verify(parts[0] + "." + otherClaims + "." + parts[2]))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void anExpiredTokenIsRejected() {
        Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        String token = new AccessTokens(new TestWopiConfig(false, Duration.ofHours(10)), yesterday)
                .mint("alice", null, Resource.file("f-1"), Permission.all()).token();

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void tokensOfThePreviousKeyStayValidUntilTheyExpire() throws Exception {
        String token = signedWith("src/test/resources/keys/previous-private.pem", "test-previous", "openwopi-wopi-api");

        assertThat(tokens.verify(token).userId()).isEqualTo("bob");
    }

    @Test
    void aKeyIdWeDoNotHoldIsRejected() throws Exception {
        String token = signedWith("src/test/resources/keys/previous-private.pem", "someone-else", "openwopi-wopi-api");
        AccessTokens withoutPrevious = new AccessTokens(new TestWopiConfig(false, Duration.ofHours(10)), Clock.systemUTC());

        assertThatThrownBy(() -> withoutPrevious.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("unknown key");
    }

    @Test
    void aKeyIdThatLiesAboutItsKeyIsRejected() throws Exception {
        String token = signedWith("src/test/resources/keys/previous-private.pem", "test-current", "openwopi-wopi-api");

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void anotherIssuerIsRejected() throws Exception {
        String token = signedWith("src/test/resources/keys/current-private.pem", "test-current", "someone-else");

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void malformedTokensAreRejectedWithAReason() {
        for (String garbage : new String[] {null, "", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "....."}) {
            assertThatThrownBy(() -> tokens.verify(garbage)).as(String.valueOf(garbage))
                    .isInstanceOf(InvalidTokenException.class).hasMessageNotContaining("Exception");
        }
    }

    @Test
    void aTokenSeenBeforeIsAnsweredWithoutCheckingItsSignatureAgainUntilItExpires() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        AccessTokens remembering = new AccessTokens(new TestWopiConfig(true, Duration.ofHours(10)), clock);
        String token = signedWith("src/test/resources/keys/current-private.pem", "test-current", "openwopi-wopi-api");

        AccessToken first = remembering.verify(token);
        AccessToken again = remembering.verify(token);

        assertThat(again).isEqualTo(first);
        assertThat(remembering.signatureChecks()).isEqualTo(1);
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThatThrownBy(() -> remembering.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
        assertThat(remembering.rememberedTokens()).isZero();
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsStillChecked() throws Exception {
        String token = tokens.mint("alice", null, Resource.file("f-1"), Permission.all()).token();
        tokens.verify(token);
        String[] parts = token.split("\\.");
        String otherSignature = parts[2].substring(0, parts[2].length() - 2) + (parts[2].endsWith("AA") ? "BB" : "AA");

        assertThatThrownBy(() -> tokens.verify(parts[0] + "." + parts[1] + "." + otherSignature))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void theMemoryOfVerifiedTokensIsBounded() throws Exception {
        AccessTokens small = new AccessTokens(new TestWopiConfig(true, Duration.ofHours(10)), Clock.systemUTC(), 3);
        for (int i = 0; i < 10; i++) {
            small.verify(small.mint("user-" + i, null, Resource.file("f-" + i), Permission.all()).token());
            assertThat(small.rememberedTokens()).isBetween(1, 3);
        }
        assertThat(small.signatureChecks()).isEqualTo(10);
    }

    @Test
    void aFullMemoryForgetsATenthNotEverySession() throws Exception {
        AccessTokens bounded = new AccessTokens(new TestWopiConfig(true, Duration.ofHours(10)), Clock.systemUTC(), 100);
        java.util.List<String> live = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String token = bounded.mint("user-" + i, null, Resource.file("f-" + i), Permission.all()).token();
            bounded.verify(token);
            live.add(token);
        }
        assertThat(bounded.rememberedTokens()).isEqualTo(100);
        bounded.verify(bounded.mint("newcomer", null, Resource.file("f-new"), Permission.all()).token());

        assertThat(bounded.rememberedTokens()).isBetween(85, 100);
        long before = bounded.signatureChecks();
        for (String token : live) {
            bounded.verify(token);
        }
        // Most live sessions are still remembered: only the forgotten tenths pay a signature check again.
        assertThat(bounded.signatureChecks() - before).isBetween(1L, 25L);
        assertThat(bounded.rememberedTokens()).isLessThanOrEqualTo(100);
    }

    /** A clock a test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static String signedWith(String privateKey, String kid, String issuer) throws Exception {
        return Jwt.issuer(issuer).subject("bob").claim("res", "f:f-1").claim("perm", "v").claim("name", "Bob")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600))
                .jws().keyId(kid).algorithm(SignatureAlgorithm.ES256)
                .sign(KeyUtils.decodePrivateKey(Files.readString(Path.of(privateKey)), SignatureAlgorithm.ES256));
    }
}
