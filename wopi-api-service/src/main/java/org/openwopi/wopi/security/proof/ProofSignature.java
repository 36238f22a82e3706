package org.openwopi.wopi.security.proof;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * The WOPI proof algorithm, without clocks or caches: the bytes a WOPI client signs for a request, and the three
 * ways a request may verify (Proof with the current key, ProofOld with the current key, Proof with the old key).
 */
public final class ProofSignature {

    /** .NET ticks (100 ns since 0001-01-01 UTC) at the Unix epoch. */
    private static final long EPOCH_TICKS = 621_355_968_000_000_000L;

    private ProofSignature() {
    }

    /** Which check accepted a request, for logs and metrics. */
    public enum Match { PROOF_CURRENT, PROOF_OLD_CURRENT, PROOF_OLD_KEY }

    /**
     * The signed bytes: length-prefixed (4-byte big-endian) access token in UTF-8, the absolute URL upper-cased, and
     * the 8-byte big-endian timestamp.
     */
    public static byte[] expectedBytes(String accessToken, String url, long ticks) {
        byte[] token = accessToken.getBytes(StandardCharsets.UTF_8);
        byte[] upperUrl = url.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + token.length + 4 + upperUrl.length + 4 + 8)
                .putInt(token.length).put(token)
                .putInt(upperUrl.length).put(upperUrl)
                .putInt(8).putLong(ticks)
                .array();
    }

    /** @return how the request verified, or null when no combination does */
    public static Match verify(byte[] expected, String proof, String proofOld, ProofKeySet keys) {
        if (verifies(expected, proof, keys.current())) {
            return Match.PROOF_CURRENT;
        }
        if (verifies(expected, proofOld, keys.current())) {
            return Match.PROOF_OLD_CURRENT;
        }
        if (keys.old() != null && verifies(expected, proof, keys.old())) {
            return Match.PROOF_OLD_KEY;
        }
        return null;
    }

    static boolean verifies(byte[] expected, String signatureBase64, PublicKey key) {
        if (signatureBase64 == null || signatureBase64.isEmpty() || key == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(expected);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64.trim()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // Not base64, or not a signature of this key's size: simply not a valid proof.
            return false;
        }
    }

    public static Instant ticksToInstant(long ticks) {
        long sinceEpoch = ticks - EPOCH_TICKS;
        return Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, 10_000_000L), Math.floorMod(sinceEpoch, 10_000_000L) * 100);
    }

    public static long instantToTicks(Instant instant) {
        return EPOCH_TICKS + instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
    }
}
