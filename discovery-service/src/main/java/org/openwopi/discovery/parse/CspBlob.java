package org.openwopi.discovery.parse;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the .NET {@code RSACryptoServiceProvider.ExportCspBlob(false)} form of an RSA public key, which discovery
 * publishes as {@code value}: a BLOBHEADER (type PUBLICKEYBLOB 0x06, version 2, reserved, algorithm id), an RSAPUBKEY
 * (magic "RSA1", bit length, public exponent, all little-endian) and the modulus, little-endian.
 */
final class CspBlob {

    private static final int HEADER_BYTES = 20;
    private static final int PUBLICKEYBLOB = 0x06;
    private static final int RSA1 = 0x31415352;

    private CspBlob() {
    }

    /** The key's modulus and exponent, or a failure that says what is wrong with the blob. */
    static BigInteger[] modulusAndExponent(byte[] blob) {
        if (blob.length < HEADER_BYTES) {
            throw new IllegalArgumentException("CSP blob is " + blob.length + " bytes, shorter than its header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int type = buffer.get() & 0xff;
        int version = buffer.get() & 0xff;
        buffer.getShort();
        buffer.getInt();
        int magic = buffer.getInt();
        int bits = buffer.getInt();
        long exponent = buffer.getInt() & 0xffffffffL;
        if (type != PUBLICKEYBLOB || version != 2 || magic != RSA1) {
            throw new IllegalArgumentException("not an RSA PUBLICKEYBLOB (type " + type + ", version " + version + ")");
        }
        int modulusBytes = bits / 8;
        if (bits <= 0 || bits % 8 != 0 || blob.length < HEADER_BYTES + modulusBytes) {
            throw new IllegalArgumentException("CSP blob announces a " + bits + "-bit modulus but holds "
                    + (blob.length - HEADER_BYTES) + " bytes");
        }
        byte[] bigEndian = new byte[modulusBytes];
        for (int i = 0; i < modulusBytes; i++) {
            bigEndian[i] = blob[HEADER_BYTES + modulusBytes - 1 - i];
        }
        return new BigInteger[] {new BigInteger(1, bigEndian), BigInteger.valueOf(exponent)};
    }

    /** The blob for a modulus and exponent (CALG_RSA_KEYX), for documents that publish only those. */
    static byte[] of(BigInteger modulus, BigInteger exponent) {
        byte[] modulusBigEndian = unsigned(modulus);
        int modulusBytes = modulusBigEndian.length;
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + modulusBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) PUBLICKEYBLOB).put((byte) 2).putShort((short) 0).putInt(0x0000a400);
        buffer.putInt(RSA1).putInt(modulusBytes * 8).putInt(exponent.intValue());
        for (int i = modulusBytes - 1; i >= 0; i--) {
            buffer.put(modulusBigEndian[i]);
        }
        return buffer.array();
    }

    /** Big-endian bytes without the sign byte BigInteger adds. */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
