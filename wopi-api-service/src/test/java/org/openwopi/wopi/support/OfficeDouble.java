package org.openwopi.wopi.support;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.openwopi.testsupport.ServerProcess;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.security.proof.ProofSignature;

import com.sun.net.httpserver.HttpServer;

/**
 * Plays the WOPI client (Office for the web) for the tests: publishes a discovery document with its proof keys on a
 * loopback port, signs WOPI requests with them as Office does, and rotates them as Office does (current becomes
 * old). Counts discovery fetches, so tests can see that the host caches its keys.
 */
public final class OfficeDouble implements AutoCloseable {

    private final HttpServer server;
    private volatile KeyPair current;
    private volatile KeyPair old;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean discoveryUp = true;
    private final Flavour flavour;

    /**
     * What the double's discovery offers: {@code WORD} only Word for .docx (what most tests need); {@code MICROSOFT}
     * Word, Excel and PowerPoint with {@code editnew}, and {@code convert} for .doc/.xls/.ppt, as Microsoft 365 does;
     * {@code ODF} view and edit of ODF files and .docx without {@code editnew}, as Collabora Online does.
     */
    public enum Flavour {
        WORD, MICROSOFT, ODF
    }

    public OfficeDouble() {
        this(Flavour.WORD);
    }

    public OfficeDouble(Flavour flavour) {
        this.flavour = flavour;
        current = newKey();
        old = newKey();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", ServerProcess.freeLoopbackPort()), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/hosting/discovery", exchange -> {
            fetches.incrementAndGet();
            if (!discoveryUp) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = discoveryXml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String discoveryUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hosting/discovery";
    }

    /** Office's discovery endpoint failing (503) or back; the proof keys stay the same. */
    public void discoveryAvailable(boolean up) {
        discoveryUp = up;
    }

    public int discoveryFetches() {
        return fetches.get();
    }

    /** Office's key rotation: the current key becomes the old one, and a new current key is published. */
    public synchronized void rotate() {
        old = current;
        current = newKey();
    }

    /** The proof headers for a request to {@code url} (absolute, exactly as sent) carrying {@code accessToken}. */
    public Map<String, String> proofHeaders(String accessToken, String url) {
        return proofHeaders(accessToken, url, Instant.now(), current.getPrivate(), old.getPrivate());
    }

    /** Proof headers signed with the published keys, as if sent at {@code at} (a replay, or a client's clock off). */
    public Map<String, String> proofHeadersAt(String accessToken, String url, Instant at) {
        return proofHeaders(accessToken, url, at, current.getPrivate(), old.getPrivate());
    }

    /** Proof headers signed with the given keys at the given time (either key may be a stranger's). */
    public static Map<String, String> proofHeaders(String accessToken, String url, Instant at, PrivateKey proofKey,
                                                   PrivateKey proofOldKey) {
        long ticks = ProofSignature.instantToTicks(at);
        byte[] signed = ProofSignature.expectedBytes(accessToken, url, ticks);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-WOPI-Proof", sign(signed, proofKey));
        headers.put("X-WOPI-ProofOld", sign(signed, proofOldKey));
        headers.put("X-WOPI-TimeStamp", Long.toString(ticks));
        return headers;
    }

    public PrivateKey currentKey() {
        return current.getPrivate();
    }

    public PrivateKey oldKey() {
        return old.getPrivate();
    }

    /** A key Office never published. */
    public static PrivateKey strangerKey() {
        return newKey().getPrivate();
    }

    private static String sign(byte[] data, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The origin of the double's action URLs (and of its discovery). */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String app(String name, String page, String... actions) {
        String urlsrc = origin() + "/" + page + "?&lt;ui=UI_LLCC&amp;&gt;&lt;rs=DC_LLCC&amp;&gt;&lt;wopisrc=WOPI_SOURCE&amp;&gt;";
        StringBuilder app = new StringBuilder("<app name=\"" + name + "\" favIconUrl=\"http://127.0.0.1/"
                + name.toLowerCase(java.util.Locale.ROOT) + ".ico\" checkLicense=\"true\">");
        for (String action : actions) {
            // "name:ext" or "convert:doc>docx"
            String[] parts = action.split("[:>]");
            app.append("<action name=\"").append(parts[0]).append("\" ext=\"").append(parts[1]).append('"');
            if (parts.length > 2) {
                app.append(" targetext=\"").append(parts[2]).append('"');
            }
            if ("view".equals(parts[0])) {
                app.append(" default=\"true\"");
            } else if (parts[0].startsWith("edit")) {
                app.append(" requires=\"locks,update\"");
            }
            app.append(" urlsrc=\"").append(urlsrc).append("\"/>");
        }
        return app.append("</app>").toString();
    }

    private String apps() {
        return switch (flavour) {
            case WORD -> app("Word", "we/wordeditorframe.aspx", "view:docx", "edit:docx", "embedview:docx");
            case MICROSOFT -> app("Word", "we/wordeditorframe.aspx", "view:docx", "edit:docx", "editnew:docx",
                    "view:doc", "convert:doc>docx")
                    + app("Excel", "x/xlviewerinternal.aspx", "view:xlsx", "edit:xlsx", "editnew:xlsx", "view:xls",
                            "convert:xls>xlsx")
                    + app("PowerPoint", "p/PowerPointFrame.aspx", "view:pptx", "edit:pptx", "editnew:pptx", "view:ppt",
                            "convert:ppt>pptx");
            case ODF -> app("Writer", "browser/dist/cool.html", "view:odt", "edit:odt", "view:docx", "edit:docx")
                    + app("Calc", "browser/dist/cool.html", "view:ods", "edit:ods")
                    + app("Impress", "browser/dist/cool.html", "view:odp", "edit:odp");
        };
    }

    private synchronized String discoveryXml() {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<wopi-discovery><net-zone name=\"external-https\">"
                + apps() + "</net-zone>"
                + "<proof-key oldvalue=\"" + cspBlob(old) + "\" oldmodulus=\"" + modulus(old) + "\" oldexponent=\""
                + exponent(old) + "\" value=\"" + cspBlob(current) + "\" modulus=\"" + modulus(current)
                + "\" exponent=\"" + exponent(current) + "\"/></wopi-discovery>";
    }

    private static String modulus(KeyPair key) {
        return Base64.getEncoder().encodeToString(unsigned(((RSAPublicKey) key.getPublic()).getModulus()));
    }

    private static String exponent(KeyPair key) {
        return Base64.getEncoder().encodeToString(unsigned(((RSAPublicKey) key.getPublic()).getPublicExponent()));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    /** The proof keys as discovery-service answers them, for tests that replace discovery-service by a double. */
    public synchronized DiscoveryClient.ProofKeys proofKeys() {
        return new DiscoveryClient.ProofKeys(new DiscoveryClient.ProofKey(modulus(current), exponent(current)),
                new DiscoveryClient.ProofKey(modulus(old), exponent(old)), Instant.now());
    }

    /** .NET's PUBLICKEYBLOB (what discovery's value/oldvalue carry): header, "RSA1", bit length, exponent, modulus LE. */
    private static String cspBlob(KeyPair key) {
        RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
        byte[] modulus = unsigned(rsa.getModulus());
        ByteBuffer blob = ByteBuffer.allocate(20 + modulus.length).order(ByteOrder.LITTLE_ENDIAN);
        blob.put((byte) 0x06).put((byte) 0x02).putShort((short) 0).putInt(0x0000A400);
        blob.put("RSA1".getBytes(StandardCharsets.US_ASCII)).putInt(modulus.length * 8)
                .putInt(rsa.getPublicExponent().intValueExact());
        for (int i = modulus.length - 1; i >= 0; i--) {
            blob.put(modulus[i]);
        }
        return Base64.getEncoder().encodeToString(blob.array());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
