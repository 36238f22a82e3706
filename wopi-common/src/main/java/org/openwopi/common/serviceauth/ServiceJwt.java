package org.openwopi.common.serviceauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The service credential: a compact JWS, ES256 only, with {@code iss}, {@code sub}, {@code aud}, {@code iat} and
 * {@code exp}. Small enough to write with the JDK alone (the same code mints and checks it, so both ends agree), and
 * strict in what it accepts: any other algorithm, a missing claim, a lifetime over the limit or a malformed part is
 * refused with the reason.
 */
public final class ServiceJwt {

    /** Longer tokens are refused before any parsing. */
    static final int MAX_LENGTH = 2048;

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private ServiceJwt() {
    }

    /** What a credential says. Times are seconds since the epoch. */
    public record Claims(String issuer, String subject, String audience, long issuedAt, long expiresAt) {
    }

    /** Refused, and why. */
    public static final class InvalidCredential extends Exception {
        InvalidCredential(String reason) {
            super(reason, null, false, false);
        }
    }

    public static String mint(ECPrivateKey key, String kid, Claims claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", "JWT");
        header.put("kid", kid);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", claims.issuer());
        payload.put("sub", claims.subject());
        payload.put("aud", claims.audience());
        payload.put("iat", claims.issuedAt());
        payload.put("exp", claims.expiresAt());
        try {
            return sign(key, JSON.writeValueAsBytes(header), JSON.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a service credential: " + e.getMessage(), e);
        }
    }

    /** The compact JWS of these header and payload bytes, signed ES256. */
    static String sign(ECPrivateKey key, byte[] header, byte[] payload) {
        try {
            String signingInput = part(header) + "." + part(payload);
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + part(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a service credential: " + e.getMessage(), e);
        }
    }

    /**
     * Checks signature, issuer, audience and time; answers the claims or says why not.
     *
     * @param keys the accepted public keys by kid
     */
    public static Claims verify(String token, Map<String, ECPublicKey> keys, String issuer, String audience, Instant now,
                                Duration skew, Duration maxTtl) throws InvalidCredential {
        if (token == null || token.isEmpty()) {
            throw new InvalidCredential("no service credential");
        }
        if (token.length() > MAX_LENGTH) {
            throw new InvalidCredential("the service credential is longer than " + MAX_LENGTH + " characters");
        }
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        if (firstDot < 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw new InvalidCredential("the service credential is not a compact JWS (three dot-separated parts)");
        }
        JsonNode header = json(token.substring(0, firstDot), "header");
        if (!"ES256".equals(header.path("alg").asText())) {
            throw new InvalidCredential("the service credential must be signed with ES256, not " + header.path("alg"));
        }
        String kid = header.path("kid").asText("");
        ECPublicKey key = keys.get(kid);
        if (key == null) {
            throw new InvalidCredential("the service credential's key id '" + printable(kid) + "' is not accepted here");
        }
        byte[] signature = bytes(token.substring(secondDot + 1), "signature");
        if (signature.length != 64) {
            throw new InvalidCredential("the service credential's signature is not an ES256 signature");
        }
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw new InvalidCredential("the service credential's signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidCredential("the service credential's signature does not verify: " + e.getMessage());
        }
        JsonNode payload = json(token.substring(firstDot + 1, secondDot), "payload");
        Claims claims = new Claims(text(payload, "iss"), text(payload, "sub"), audienceOf(payload, audience),
                number(payload, "iat"), number(payload, "exp"));
        if (!issuer.equals(claims.issuer())) {
            throw new InvalidCredential("the service credential was issued by '" + printable(claims.issuer()) + "', not " + issuer);
        }
        if (!audience.equals(claims.audience())) {
            throw new InvalidCredential("the service credential is for '" + printable(claims.audience()) + "', not " + audience);
        }
        long seconds = now.getEpochSecond();
        if (claims.expiresAt() + skew.toSeconds() <= seconds) {
            throw new InvalidCredential("the service credential has expired");
        }
        if (claims.issuedAt() - skew.toSeconds() > seconds) {
            throw new InvalidCredential("the service credential is issued in the future");
        }
        if (claims.expiresAt() - claims.issuedAt() > maxTtl.toSeconds()) {
            throw new InvalidCredential("the service credential claims a lifetime over " + maxTtl);
        }
        return claims;
    }

    private static String part(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    private static byte[] bytes(String part, String what) throws InvalidCredential {
        try {
            return DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidCredential("the service credential's " + what + " is not Base64url");
        }
    }

    private static JsonNode json(String part, String what) throws InvalidCredential {
        try {
            JsonNode node = JSON.readTree(bytes(part, what));
            if (node == null || !node.isObject()) {
                throw new InvalidCredential("the service credential's " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidCredential("the service credential's " + what + " is not JSON");
        }
    }

    private static String text(JsonNode payload, String claim) throws InvalidCredential {
        JsonNode value = payload.get(claim);
        if (value == null || !value.isTextual()) {
            throw new InvalidCredential("the service credential has no '" + claim + "'");
        }
        return value.asText();
    }

    private static long number(JsonNode payload, String claim) throws InvalidCredential {
        JsonNode value = payload.get(claim);
        if (value == null || !value.canConvertToLong()) {
            throw new InvalidCredential("the service credential has no numeric '" + claim + "'");
        }
        return value.asLong();
    }

    /** {@code aud} may be a string or an array (RFC 7519); an array counts when it names {@code expected}. */
    private static String audienceOf(JsonNode payload, String expected) throws InvalidCredential {
        JsonNode aud = payload.get("aud");
        if (aud != null && aud.isArray()) {
            for (JsonNode one : aud) {
                if (expected.equals(one.asText())) {
                    return expected;
                }
            }
            return aud.toString();
        }
        return text(payload, "aud");
    }

    private static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
