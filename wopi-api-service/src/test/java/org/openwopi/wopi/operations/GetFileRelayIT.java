package org.openwopi.wopi.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * GetFile relays storage-service's bytes without copying them onto the heap: the chunks are read into direct buffers
 * that wopi-api-service frees itself once they are written, whatever the WOPI client does.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class GetFileRelayIT {

    /** Just under the test stack's size limit: eight of the relay's chunks. */
    private static final int SIZE = (int) WopiStackResource.MAX_FILE_SIZE - 1024;

    @Inject
    AccessTokens tokens;

    WopiClient wopi;
    String folder;

    @BeforeEach
    void client() {
        wopi = new WopiClient(tokens);
        folder = WopiClient.createFolder(WopiClient.unique("RELAY"), "alice", null);
    }

    @Test
    void downloadsArriveWholeAndFreeTheirBuffersAsTheyGo() throws Exception {
        Stored file = randomFile(7);
        String id = file.id();
        String expected = file.sha256();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        download(http, id); // the first opens the connections and warms the path, not counted

        DirectMemoryPeak peak = DirectMemoryPeak.start();
        try {
            for (int i = 0; i < 8; i++) {
                assertThat(download(http, id)).isEqualTo(expected);
            }
        } finally {
            peak.stop();
        }
        // A chunk left for the garbage collector to free would add up: eight downloads are 32 MB of chunks, while
        // what one download holds at a time is its write queue (two chunks) and the chunk being read.
        assertThat(peak.growth()).as("direct memory growth while relaying 32 MB").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void aClientThatLeavesMidDownloadLeavesTheNextDownloadsWhole() throws Exception {
        Stored file = randomFile(11);
        String id = file.id();
        String expected = file.sha256();

        for (int i = 0; i < 3; i++) {
            String head = WopiClient.rawHead("GET", "/wopi/files/" + id + "/contents", wopi.token("alice", id), Map.of());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", WopiStackResource.stack().wopiPort()), 2_000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                int first = in.read(buffer);
                assertThat(new String(buffer, 0, Math.max(first, 0), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
                long read = first;
                while (read < 1024 * 1024) {
                    int n = in.read(buffer);
                    assertThat(n).as("bytes before the client leaves").isPositive();
                    read += n;
                }
            }
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 4; i++) {
            assertThat(download(http, id)).isEqualTo(expected);
        }
    }

    /** GetFile, signed; answers the SHA-256 of the body, read 64 KB at a time. */
    private String download(HttpClient http, String id) throws IOException, InterruptedException, NoSuchAlgorithmException {
        String token = wopi.token("alice", id);
        String url = WopiClient.url("/wopi/files/" + id + "/contents", token);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        WopiStackResource.stack().office().proofHeaders(token, url).forEach(request::header);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private record Stored(String id, String sha256) {
    }

    /** A file of random bytes made from {@code seed}. */
    private Stored randomFile(long seed) throws NoSuchAlgorithmException {
        byte[] content = new byte[SIZE];
        new Random(seed).nextBytes(content);
        String id = WopiClient.createFile(WopiClient.unique("relay") + ".docx", "alice", folder, content);
        return new Stored(id, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }

    /** The JVM's direct buffer memory, sampled every millisecond on a thread of its own until stopped. */
    private static final class DirectMemoryPeak {
        private final BufferPoolMXBean pool = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(candidate -> candidate.getName().equals("direct")).findFirst().orElseThrow();
        private final long baseline = pool.getMemoryUsed();
        private final AtomicLong peak = new AtomicLong(baseline);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (running.get() && System.nanoTime() < deadline) {
                peak.accumulateAndGet(pool.getMemoryUsed(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "direct-memory-sampler");

        static DirectMemoryPeak start() {
            DirectMemoryPeak peak = new DirectMemoryPeak();
            peak.sampler.start();
            return peak;
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join(5_000);
            peak.accumulateAndGet(pool.getMemoryUsed(), Math::max);
        }

        long growth() {
            return peak.get() - baseline;
        }
    }
}
