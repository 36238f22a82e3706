package org.openwopi.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    private FilesystemBlobStore store;

    @Override
    BlobStore store() {
        if (store == null) {
            store = new FilesystemBlobStore(root, true);
        }
        return store;
    }

    @Test
    void tempFileOfAnInterruptedWriteIsSweptOnceOldEnough() throws IOException {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path stale = Files.writeString(tmp.resolve("left-by-a-crash"), "partial");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
        Path fresh = Files.writeString(tmp.resolve("upload-in-progress"), "partial");

        int removed = store().sweepUnfinished(Instant.now().minusSeconds(3600));

        assertThat(removed).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void failedWriteLeavesNoTempFile() throws IOException {
        assertThatThrownBy(() -> store().write(newKey(), cutOffAfter(1000), Long.MAX_VALUE)).isInstanceOf(IOException.class);

        try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void keysCannotEscapeTheRoot() {
        assertThatThrownBy(() -> store().exists("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
