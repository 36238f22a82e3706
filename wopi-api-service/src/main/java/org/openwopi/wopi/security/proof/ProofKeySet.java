package org.openwopi.wopi.security.proof;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * A WOPI client's proof keys as discovery publishes them: the current key and, after a rotation, the old one.
 *
 * @param current   the key signing X-WOPI-Proof
 * @param old       the key signing X-WOPI-ProofOld; null when discovery lists none
 * @param fetchedAt when discovery-service fetched the document they come from
 */
public record ProofKeySet(PublicKey current, PublicKey old, Instant fetchedAt) {

    /** An RSA public key from discovery's base64 big-endian {@code modulus} and {@code exponent}. */
    public static PublicKey rsaKey(String modulusBase64, String exponentBase64) throws GeneralSecurityException {
        try {
            BigInteger modulus = new BigInteger(1, Base64.getDecoder().decode(modulusBase64));
            BigInteger exponent = new BigInteger(1, Base64.getDecoder().decode(exponentBase64));
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("proof key is not base64: " + e.getMessage(), e);
        }
    }
}
