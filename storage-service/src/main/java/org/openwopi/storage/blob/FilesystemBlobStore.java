package org.openwopi.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * Blobs as files under a root directory: {@code objects/<key>}. A write goes to {@code tmp/<uuid>}, is fsynced, and
 * is renamed into place atomically, so a crash leaves either no object or a whole one; stray temp files are swept.
 */
public class FilesystemBlobStore implements BlobStore {

    private static final int BUFFER = 256 * 1024;

    private final Path objects;
    private final Path tmp;
    private final boolean fsync;

    public FilesystemBlobStore(Path root, boolean fsync) {
        Path absolute = root.toAbsolutePath().normalize();
        this.objects = absolute.resolve("objects");
        this.tmp = absolute.resolve("tmp");
        this.fsync = fsync;
    }

    @Override
    public String type() {
        return "filesystem";
    }

    @Override
    public StoredBlob write(String key, InputStream content, long maxBytes) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(tmp);
        Path temp = tmp.resolve(UUID.randomUUID().toString());
        HashingCounter counter = new HashingCounter(maxBytes);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                ByteBuffer wrapped = ByteBuffer.wrap(buffer);
                int read;
                while ((read = content.read(buffer)) != -1) {
                    counter.update(buffer, 0, read);
                    wrapped.clear().limit(read);
                    while (wrapped.hasRemaining()) {
                        out.write(wrapped);
                    }
                }
                if (fsync) {
                    out.force(true);
                }
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob directory does not support atomic renames: " + tmp + " -> " + target, e);
            }
            if (fsync) {
                syncDirectory(target.getParent());
            }
            return new StoredBlob(key, counter.size(), counter.sha256());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public boolean readBlocks() {
        return false;
    }

    @Override
    public BlobBody read(String key, long offset, long length) throws IOException {
        Path path = pathOf(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key);
        }
        return new BlobBody.FileRegion(path, offset, length);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public int sweepUnfinished(Instant cutoff) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff) && Files.deleteIfExists(temp)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public void checkWritable() throws IOException {
        Files.createDirectories(tmp);
        Files.createDirectories(objects);
        Path probe = Files.createTempFile(tmp, ".ready-", ".probe");
        Files.delete(probe);
    }

    Path pathOf(String key) {
        Path path = objects.resolve(key).normalize();
        if (!path.startsWith(objects) || key.isBlank()) {
            throw new IllegalArgumentException("blob key escapes the store: " + key);
        }
        return path;
    }
}
