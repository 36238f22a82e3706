package org.openwopi.storage.file;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.blob.BlobStore;
import org.openwopi.storage.blob.BlobTooLargeException;
import org.openwopi.storage.blob.StoredBlob;
import org.openwopi.storage.common.Await;
import org.openwopi.storage.config.StorageConfig;
import org.openwopi.storage.container.HomeFolders;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Creating a file and writing a new version from a stream, on a worker thread: check what can be checked first (a
 * doomed write is refused before its body is read), record the blob's intent, stream it into the blob store, then
 * commit, or delete the blob when the commit is refused.
 */
@ApplicationScoped
public class ContentUploads {

    private final ContentCommits files;
    private final HomeFolders homes;
    private final BlobStore blobs;
    private final StorageConfig config;
    private final MeterRegistry metrics;

    ContentUploads(ContentCommits files, HomeFolders homes, BlobStore blobs, StorageConfig config, MeterRegistry metrics) {
        this.files = files;
        this.homes = homes;
        this.blobs = blobs;
        this.config = config;
        this.metrics = metrics;
    }

    long maxBytes() {
        return config.maxFileSize().asLongValue();
    }

    /** A new file in the folder; {@code containerId} null: the owner's top level (their home folder). */
    public FileView create(String name, String ownerId, String requestedFolder, InputStream body) {
        if (ownerId == null || ownerId.isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "ownerId is required");
        }
        String containerId = requestedFolder != null ? requestedFolder : Await.on(() -> homes.of(ownerId)).id;
        String fileId = UUID.randomUUID().toString();
        String key = FileService.newBlobKey(fileId);
        Await.on(() -> files.prepareCreate(name, containerId, key));
        StoredBlob blob = upload(key, body);
        return commitOrDiscard(blob, () -> files.create(fileId, name, containerId, ownerId, blob));
    }

    public FileView write(String id, Preconditions preconditions, FileService.WriteContext write, InputStream body) {
        String key = FileService.newBlobKey(id);
        try {
            Await.on(() -> files.prepareWrite(id, preconditions, key));
        } catch (ApiException refused) {
            countConflict(refused);
            throw refused;
        }
        StoredBlob blob = upload(key, body);
        return commitOrDiscard(blob, () -> files.commitContent(id, blob, preconditions, write));
    }

    private StoredBlob upload(String key, InputStream body) {
        try (InputStream in = body) {
            StoredBlob blob = blobs.write(key, in, maxBytes());
            metrics.counter("wopi.storage.bytes", "direction", "in").increment(blob.size());
            return blob;
        } catch (BlobTooLargeException e) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than " + maxBytes() + " bytes (storage.max-file-size)");
        } catch (IOException e) {
            // The client went away mid-upload, or the store failed: the previous version stays current.
            throw ApiException.unavailable("the upload did not complete: " + e.getMessage(), Duration.ofSeconds(1), null);
        }
    }

    /** Commits, or deletes the blob it would have referred to when the commit is refused (not when it timed out). */
    private FileView commitOrDiscard(StoredBlob blob, Supplier<Uni<FileView>> commit) {
        try {
            return Await.on(commit);
        } catch (Await.TimedOut e) {
            // The commit may still land after this: its blob must stay. If it does not, the blob's intent row
            // survives and the sweep removes the blob after its grace period.
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof ApiException api) {
                countConflict(api);
            }
            try {
                blobs.delete(blob.key());
            } catch (IOException deleteFailed) {
                e.addSuppressed(deleteFailed);
            }
            throw e;
        }
    }

    private void countConflict(ApiException refused) {
        if (refused.code().status() == 409 || refused.code().status() == 412) {
            metrics.counter("wopi.storage.conflicts", "code", refused.code().name()).increment();
        }
    }
}
