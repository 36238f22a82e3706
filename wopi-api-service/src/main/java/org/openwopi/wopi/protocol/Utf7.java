package org.openwopi.wopi.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-7 (RFC 2152), which WOPI uses for file names in headers (X-WOPI-SuggestedTarget, X-WOPI-RelativeTarget,
 * X-WOPI-RequestedName, X-WOPI-ValidRelativeTarget). The JDK has no UTF-7 charset and none of the libraries that
 * offer one resolves from our mirror, so this is our own. Encoding matches .NET's UTF7Encoding as Office uses it:
 * only RFC 2152's "direct" characters go as themselves; the optional ones ({@code _}, {@code !}, ...) are
 * base64-encoded too.
 */
public final class Utf7 {

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String DIRECT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'(),-./:? \t\r\n";

    private Utf7() {
    }

    /**
     * Decodes leniently, as receivers should: a shifted sequence ends at '-' (absorbed) or at any character that is
     * not base64 (kept); bits left over at the end of a sequence are dropped.
     */
    public static String decode(String encoded) {
        if (encoded == null || encoded.indexOf('+') < 0) {
            return encoded;
        }
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c != '+') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i < encoded.length() && encoded.charAt(i) == '-') {
                out.append('+');
                i++;
                continue;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int bits = 0;
            int bitCount = 0;
            while (i < encoded.length() && BASE64.indexOf(encoded.charAt(i)) >= 0) {
                bits = (bits << 6) | BASE64.indexOf(encoded.charAt(i));
                bitCount += 6;
                if (bitCount >= 8) {
                    bitCount -= 8;
                    bytes.write((bits >> bitCount) & 0xFF);
                }
                i++;
            }
            if (i < encoded.length() && encoded.charAt(i) == '-') {
                i++;
            }
            byte[] utf16 = bytes.toByteArray();
            out.append(new String(utf16, 0, utf16.length - (utf16.length % 2), StandardCharsets.UTF_16BE));
        }
        return out.toString();
    }

    public static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (DIRECT.indexOf(c) >= 0) {
                out.append(c);
                i++;
                continue;
            }
            if (c == '+') {
                out.append("+-");
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && DIRECT.indexOf(text.charAt(end)) < 0 && text.charAt(end) != '+') {
                end++;
            }
            byte[] utf16 = text.substring(i, end).getBytes(StandardCharsets.UTF_16BE);
            out.append('+');
            int bits = 0;
            int bitCount = 0;
            for (byte b : utf16) {
                bits = (bits << 8) | (b & 0xFF);
                bitCount += 8;
                while (bitCount >= 6) {
                    bitCount -= 6;
                    out.append(BASE64.charAt((bits >> bitCount) & 0x3F));
                }
            }
            if (bitCount > 0) {
                out.append(BASE64.charAt((bits << (6 - bitCount)) & 0x3F));
            }
            // The closing '-' is optional before most characters, but always writing it is never wrong.
            out.append('-');
            i = end;
        }
        return out.toString();
    }
}
