package org.openwopi.storage.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Size and SHA-256 of content as it streams past, and the size limit. */
final class HashingCounter {

    private final MessageDigest digest;
    private final long maxBytes;
    private long size;

    HashingCounter(long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    void update(byte[] bytes, int offset, int length) throws BlobTooLargeException {
        size += length;
        if (size > maxBytes) {
            throw new BlobTooLargeException(maxBytes);
        }
        digest.update(bytes, offset, length);
    }

    long size() {
        return size;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
