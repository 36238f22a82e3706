package org.openwopi.common.serviceauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Fresh EC key pairs, in memory and as the PEM files the services read. */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair pair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair p256() {
        return pair("secp256r1");
    }

    static ECPrivateKey privateOf(KeyPair pair) {
        return (ECPrivateKey) pair.getPrivate();
    }

    static ECPublicKey publicOf(KeyPair pair) {
        return (ECPublicKey) pair.getPublic();
    }

    static Path writePublic(Path dir, String name, KeyPair pair) {
        return write(dir.resolve(name), "PUBLIC KEY", pair.getPublic().getEncoded());
    }

    static Path writePrivate(Path dir, String name, KeyPair pair) {
        return write(dir.resolve(name), "PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    private static Path write(Path file, String type, byte[] der) {
        String pem = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        try {
            Files.writeString(file, pem);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
