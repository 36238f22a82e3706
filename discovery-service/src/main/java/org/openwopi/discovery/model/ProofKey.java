package org.openwopi.discovery.model;

/**
 * An RSA public proof key in both of discovery's forms, Base64 each.
 *
 * @param modulus  big-endian modulus
 * @param exponent big-endian public exponent
 * @param cspBlob  the .NET CSP PUBLICKEYBLOB ({@code value} / {@code oldvalue}), as published
 */
public record ProofKey(String modulus, String exponent, String cspBlob) {
}
