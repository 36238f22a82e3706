package org.openwopi.wopi.security.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Microsoft's published proof-key test vectors (Office-Online-Test-Tools-and-Documentation, MIT; copied into
 * src/test/resources/proof). Their timestamps are years old, so this checks the signature alone; the clock rules
 * are ProofValidatorTest's.
 */
class ProofSignatureTest {

    private static JsonNode vectors() throws IOException {
        try (InputStream in = ProofSignatureTest.class.getResourceAsStream("/proof/proofkey_test_vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<JsonNode> cases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        vectors().get("cases").forEach(cases::add);
        return cases.stream();
    }

    private static ProofKeySet keys() throws IOException, GeneralSecurityException {
        JsonNode discovery = vectors().get("discovery");
        return new ProofKeySet(
                ProofKeySet.rsaKey(discovery.get("modulus").asText(), discovery.get("exponent").asText()),
                ProofKeySet.rsaKey(discovery.get("oldmodulus").asText(), discovery.get("oldexponent").asText()),
                Instant.EPOCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifiesMicrosoftsVectorsAsPublished(JsonNode vector) throws Exception {
        byte[] expected = ProofSignature.expectedBytes(vector.get("access_token").asText(), vector.get("url").asText(),
                vector.get("timestamp").asLong());

        ProofSignature.Match match = ProofSignature.verify(expected, vector.get("proof").asText(),
                vector.get("proof_old").asText(), keys());

        assertThat(match != null).as(vector.get("description").asText()).isEqualTo(vector.get("expected_valid").asBoolean());
    }

    @Test
    void aProofOverAnotherUrlDoesNotVerify() throws Exception {
        JsonNode vector = vectors().get("cases").get(0);
        byte[] otherUrl = ProofSignature.expectedBytes(vector.get("access_token").asText(),
                vector.get("url").asText() + "x", vector.get("timestamp").asLong());

        assertThat(ProofSignature.verify(otherUrl, vector.get("proof").asText(), vector.get("proof_old").asText(), keys()))
                .isNull();
    }

    @Test
    void garbageProofsAreRejectedNotThrown() throws Exception {
        byte[] expected = ProofSignature.expectedBytes("token", "https://example.com/wopi/files/1", 1L);

        assertThat(ProofSignature.verify(expected, "not base64 !!", "SU5WQUxJRA==", keys())).isNull();
        assertThat(ProofSignature.verify(expected, "", null, keys())).isNull();
    }

    @Test
    void ticksConvertBothWays() {
        Instant now = Instant.parse("2026-11-22T12:34:56.789Z");
        assertThat(ProofSignature.ticksToInstant(ProofSignature.instantToTicks(now))).isEqualTo(now);
        assertThat(ProofSignature.instantToTicks(Instant.EPOCH)).isEqualTo(621_355_968_000_000_000L);
    }
}
