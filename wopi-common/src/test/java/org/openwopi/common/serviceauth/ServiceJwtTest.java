package org.openwopi.common.serviceauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceJwtTest {

    private static final KeyPair KEY = TestKeys.p256();
    private static final Map<String, ECPublicKey> ACCEPTED = Map.of("k1", TestKeys.publicOf(KEY));
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_TTL = Duration.ofMinutes(15);

    private static String mint(String kid, KeyPair key, String issuer, String audience, long iat, long exp) {
        return ServiceJwt.mint(TestKeys.privateOf(key), kid, new ServiceJwt.Claims(issuer, "wopi-api-service", audience, iat, exp));
    }

    private static String valid() {
        return mint("k1", KEY, "openwopi-wopi-api", "lock-service", NOW.getEpochSecond(), NOW.getEpochSecond() + 300);
    }

    private static ServiceJwt.Claims verify(String token) throws ServiceJwt.InvalidCredential {
        return ServiceJwt.verify(token, ACCEPTED, "openwopi-wopi-api", "lock-service", NOW, SKEW, MAX_TTL);
    }

    @Test
    void aCredentialMintedWithTheSigningKeyVerifies() throws Exception {
        ServiceJwt.Claims claims = verify(valid());
        assertThat(claims.subject()).isEqualTo("wopi-api-service");
        assertThat(claims.audience()).isEqualTo("lock-service");
        assertThat(claims.expiresAt() - claims.issuedAt()).isEqualTo(300);
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        String forged = mint("k1", TestKeys.p256(), "openwopi-wopi-api", "lock-service", NOW.getEpochSecond(), NOW.getEpochSecond() + 300);
        assertThatThrownBy(() -> verify(forged)).hasMessageContaining("does not verify");
    }

    @Test
    void anUnknownKeyIdIsRefused() {
        String other = mint("k9", KEY, "openwopi-wopi-api", "lock-service", NOW.getEpochSecond(), NOW.getEpochSecond() + 300);
        assertThatThrownBy(() -> verify(other)).hasMessageContaining("'k9' is not accepted");
    }

    @Test
    void aCredentialForAnotherServiceIsRefused() {
        String forStorage = mint("k1", KEY, "openwopi-wopi-api", "storage-service", NOW.getEpochSecond(), NOW.getEpochSecond() + 300);
        assertThatThrownBy(() -> verify(forStorage)).hasMessageContaining("is for 'storage-service', not lock-service");
    }

    @Test
    void aCredentialFromAnotherIssuerIsRefused() {
        String other = mint("k1", KEY, "someone-else", "lock-service", NOW.getEpochSecond(), NOW.getEpochSecond() + 300);
        assertThatThrownBy(() -> verify(other)).hasMessageContaining("issued by 'someone-else'");
    }

    @Test
    void anExpiredCredentialIsRefusedOnceTheSkewIsSpent() throws Exception {
        long now = NOW.getEpochSecond();
        verify(mint("k1", KEY, "openwopi-wopi-api", "lock-service", now - 300, now - 10));
        assertThatThrownBy(() -> verify(mint("k1", KEY, "openwopi-wopi-api", "lock-service", now - 300, now - 31)))
                .hasMessageContaining("expired");
    }

    @Test
    void aCredentialIssuedInTheFutureIsRefused() {
        long now = NOW.getEpochSecond();
        assertThatThrownBy(() -> verify(mint("k1", KEY, "openwopi-wopi-api", "lock-service", now + 120, now + 300)))
                .hasMessageContaining("future");
    }

    @Test
    void aLifetimeOverTheLimitIsRefusedThoughCorrectlySigned() {
        long now = NOW.getEpochSecond();
        assertThatThrownBy(() -> verify(mint("k1", KEY, "openwopi-wopi-api", "lock-service", now, now + 86_400)))
                .hasMessageContaining("lifetime over");
    }

    @Test
    void otherAlgorithmsAreRefused() {
        String payload = valid().split("\\.")[1];
        String none = b64("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." + payload + ".";
        String hmac = b64("{\"alg\":\"HS256\",\"kid\":\"k1\"}") + "." + payload + "." + b64("x".repeat(32));
        assertThatThrownBy(() -> verify(none)).hasMessageContaining("must be signed with ES256");
        assertThatThrownBy(() -> verify(hmac)).hasMessageContaining("must be signed with ES256");
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = valid().split("\\.");
        String tampered = parts[0] + "." + b64("{\"iss\":\"openwopi-wopi-api\",\"sub\":\"x\",\"aud\":\"lock-service\",\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 600) + "}") + "." + parts[2];
        assertThatThrownBy(() -> verify(tampered)).hasMessageContaining("does not verify");
    }

    @Test
    void malformedCredentialsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> verify("")).hasMessageContaining("no service credential");
        assertThatThrownBy(() -> verify("abc")).hasMessageContaining("three dot-separated parts");
        assertThatThrownBy(() -> verify("a.b.c.d")).hasMessageContaining("three dot-separated parts");
        assertThatThrownBy(() -> verify("!!.b.c")).hasMessageContaining("not Base64url");
        assertThatThrownBy(() -> verify(b64("[1]") + ".b.c")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> verify(b64("{\"alg\":") + ".b.c")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> verify("a".repeat(5000))).hasMessageContaining("longer than");
        String[] parts = valid().split("\\.");
        assertThatThrownBy(() -> verify(parts[0] + "." + parts[1] + "." + b64("short"))).hasMessageContaining("not an ES256 signature");
    }

    @Test
    void anAudienceListIsAcceptedOnlyWhenItNamesThisService() throws Exception {
        long now = NOW.getEpochSecond();
        byte[] header = "{\"alg\":\"ES256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8);
        String naming = ServiceJwt.sign(TestKeys.privateOf(KEY), header, ("{\"iss\":\"openwopi-wopi-api\",\"sub\":\"s\","
                + "\"aud\":[\"storage-service\",\"lock-service\"],\"iat\":" + now + ",\"exp\":" + (now + 60) + "}").getBytes(StandardCharsets.UTF_8));
        String notNaming = ServiceJwt.sign(TestKeys.privateOf(KEY), header, ("{\"iss\":\"openwopi-wopi-api\",\"sub\":\"s\","
                + "\"aud\":[\"storage-service\"],\"iat\":" + now + ",\"exp\":" + (now + 60) + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(verify(naming).audience()).isEqualTo("lock-service");
        assertThatThrownBy(() -> verify(notNaming)).hasMessageContaining("not lock-service");
    }

    @Test
    void aCredentialWithoutItsClaimsIsRefused() {
        byte[] header = "{\"alg\":\"ES256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8);
        String noExpiry = ServiceJwt.sign(TestKeys.privateOf(KEY), header,
                "{\"iss\":\"openwopi-wopi-api\",\"sub\":\"s\",\"aud\":\"lock-service\",\"iat\":1}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verify(noExpiry)).hasMessageContaining("no numeric 'exp'");
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
