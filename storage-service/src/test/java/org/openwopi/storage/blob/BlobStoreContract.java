package org.openwopi.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * What every blob store must do; each implementation's test extends this and supplies a store on a real backend
 * (a temp directory, a private S3Proxy).
 */
abstract class BlobStoreContract {

    abstract BlobStore store();

    static String newKey() {
        return "files/" + UUID.randomUUID() + "/" + UUID.randomUUID();
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] readAll(BlobBody body) throws IOException {
        if (body instanceof BlobBody.FileRegion region) {
            byte[] all = Files.readAllBytes(region.path());
            byte[] part = new byte[(int) region.length()];
            System.arraycopy(all, (int) region.offset(), part, 0, part.length);
            return part;
        }
        try (InputStream in = ((BlobBody.Stream) body).in()) {
            return in.readAllBytes();
        }
    }

    /** Content that fails after {@code goodBytes}, as a connection cut mid-upload does. */
    static InputStream cutOffAfter(int goodBytes) {
        return new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent >= goodBytes) {
                    throw new IOException("connection reset by peer");
                }
                sent++;
                return 7;
            }
        };
    }

    @Test
    void smallContentRoundTripsWithSizeAndSha256() throws Exception {
        byte[] content = "hello, document".getBytes();
        String key = newKey();

        StoredBlob stored = store().write(key, new ByteArrayInputStream(content), 1024);

        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(readAll(store().read(key, 0, content.length))).isEqualTo(content);
        assertThat(store().exists(key)).isTrue();
    }

    @Test
    void contentLargerThanOnePartRoundTrips() throws Exception {
        byte[] content = randomBytes(12 * 1024 * 1024 + 123);
        String key = newKey();

        StoredBlob stored = store().write(key, new ByteArrayInputStream(content), content.length);

        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(sha256(readAll(store().read(key, 0, content.length)))).isEqualTo(sha256(content));
    }

    @Test
    void emptyContentIsAnObject() throws Exception {
        String key = newKey();

        StoredBlob stored = store().write(key, InputStream.nullInputStream(), 10);

        assertThat(stored.size()).isZero();
        assertThat(stored.sha256()).isEqualTo(sha256(new byte[0]));
        assertThat(readAll(store().read(key, 0, 0))).isEmpty();
    }

    @Test
    void rangeReadReturnsExactlyTheRange() throws Exception {
        byte[] content = "0123456789abcdef".getBytes();
        String key = newKey();
        store().write(key, new ByteArrayInputStream(content), 100);

        assertThat(new String(readAll(store().read(key, 4, 6)))).isEqualTo("456789");
    }

    @Test
    void contentOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        String key = newKey();

        assertThatThrownBy(() -> store().write(key, new ByteArrayInputStream(randomBytes(2048)), 1000))
                .isInstanceOf(BlobTooLargeException.class);

        assertThat(store().exists(key)).isFalse();
    }

    @Test
    void largeContentOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        String key = newKey();

        assertThatThrownBy(() -> store().write(key, new ByteArrayInputStream(randomBytes(11 * 1024 * 1024)), 10 * 1024 * 1024))
                .isInstanceOf(BlobTooLargeException.class);

        assertThat(store().exists(key)).isFalse();
        assertThat(store().sweepUnfinished(Instant.now().plusSeconds(60))).as("nothing unfinished left open").isZero();
    }

    @Test
    void contentCutOffMidStreamLeavesNothing() throws Exception {
        String key = newKey();

        assertThatThrownBy(() -> store().write(key, cutOffAfter(9 * 1024 * 1024), Long.MAX_VALUE)).isInstanceOf(IOException.class);

        assertThat(store().exists(key)).isFalse();
        assertThat(store().sweepUnfinished(Instant.now().plusSeconds(60))).as("nothing unfinished left open").isZero();
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws Exception {
        String key = newKey();
        store().write(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);

        store().delete(key);
        store().delete(key);

        assertThat(store().exists(key)).isFalse();
        assertThatThrownBy(() -> readAll(store().read(key, 0, 3))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void readyStoreTakesWrites() throws Exception {
        store().checkWritable();
    }
}
