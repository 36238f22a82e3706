package org.openwopi.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * 512 MiB in and out of the packaged service, which runs with a 128 MiB heap ({@code quarkus.test.arg-line}): it can
 * only pass if neither direction buffers the file. Neither side of this test holds it either: the upload is generated
 * as it is sent and the download is hashed as it arrives.
 */
@QuarkusIntegrationTest
@WithTestResource(PostgresResource.class)
class LargeFileIT {

    private static final long SIZE = 512L * 1024 * 1024;

    @TestHTTPResource("/files")
    URL files;

    /** Deterministic pseudo-random bytes, hashed as they are produced. */
    static final class GeneratedContent extends InputStream {
        private final Random random = new Random(42);
        private final MessageDigest digest = sha256();
        private final byte[] block = new byte[64 * 1024];
        private int position = block.length;
        private long remaining;

        GeneratedContent(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            if (position == block.length) {
                random.nextBytes(block);
                position = 0;
            }
            int n = (int) Math.min(Math.min(length, block.length - position), remaining);
            System.arraycopy(block, position, target, offset, n);
            digest.update(block, position, n);
            position += n;
            remaining -= n;
            return n;
        }

        /** The SHA-256 of everything read so far; call once, at the end (it resets the digest). */
        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void halfAGigabyteStreamsInAndOutOfASmallHeap() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        GeneratedContent upload = new GeneratedContent(SIZE);

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(files + "?ownerId=alice&name=big-" + UUID.randomUUID() + ".pptx"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> upload), SIZE))
                .build(), HttpResponse.BodyHandlers.ofString());

        String sent = upload.hex();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"size\":" + SIZE).contains("\"sha256\":\"" + sent + "\"");
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(files + "/" + id + "/content"))
                .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = sha256();
        long received = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
                received += n;
            }
        }

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(received).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sent);
    }
}
