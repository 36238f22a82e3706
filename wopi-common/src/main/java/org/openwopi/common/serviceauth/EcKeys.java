package org.openwopi.common.serviceauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** EC P-256 keys from PEM files, with errors that name the file. */
public final class EcKeys {

    private EcKeys() {
    }

    public static ECPublicKey publicKey(String path) {
        byte[] der = der(path, "PUBLIC KEY");
        try {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            requireP256(path, key.getParams().getCurve().getField().getFieldSize());
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(path + " is not an EC P-256 public key (PEM, X.509): " + e.getMessage(), e);
        }
    }

    public static ECPrivateKey privateKey(String path) {
        byte[] der = der(path, "PRIVATE KEY");
        try {
            ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            requireP256(path, key.getParams().getCurve().getField().getFieldSize());
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(path + " is not an EC P-256 private key (PEM, PKCS#8): " + e.getMessage(), e);
        }
    }

    private static void requireP256(String path, int fieldSize) {
        if (fieldSize != 256) {
            throw new IllegalStateException(path + " is an EC key on a " + fieldSize + "-bit curve; ES256 needs P-256");
        }
    }

    private static byte[] der(String path, String type) {
        String pem;
        try {
            pem = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read key file " + path + ": " + e.getMessage(), e);
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(path + " holds no PEM block " + begin);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(path + ": the PEM block is not Base64", e);
        }
    }
}
