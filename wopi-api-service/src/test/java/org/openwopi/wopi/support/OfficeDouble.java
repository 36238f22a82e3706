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

    public OfficeDouble() {
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

    private synchronized String discoveryXml() {
        String urlsrc = "http://127.0.0.1:" + server.getAddress().getPort() + "/we/wordeditorframe.aspx?"
                + "&lt;ui=UI_LLCC&amp;&gt;&lt;rs=DC_LLCC&amp;&gt;&lt;wopisrc=WOPI_SOURCE&amp;&gt;";
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<wopi-discovery><net-zone name=\"external-https\">"
                + "<app name=\"Word\" favIconUrl=\"http://127.0.0.1/word.ico\" checkLicense=\"true\">"
                + "<action name=\"view\" ext=\"docx\" default=\"true\" urlsrc=\"" + urlsrc + "\"/>"
                + "<action name=\"edit\" ext=\"docx\" requires=\"locks,update\" urlsrc=\"" + urlsrc + "\"/>"
                + "<action name=\"embedview\" ext=\"docx\" urlsrc=\"" + urlsrc + "\"/>"
                + "</app></net-zone>"
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
