package org.openwopi.storage.file;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.blob.BlobStore;
import org.openwopi.storage.blob.BlobTooLargeException;
import org.openwopi.storage.blob.StoredBlob;
import org.openwopi.storage.unsaved.UnsavedChanges;
import org.openwopi.storage.common.Failures;
import org.openwopi.storage.config.StorageConfig;
import org.openwopi.storage.container.HomeFolders;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Creating a file and writing a new version from a stream, without a thread ever waiting on the database: check what
 * can be checked first (a doomed write is refused before its body is read) and record the blob's intent, stream the
 * body into the blob store on a worker thread (the one blocking step: file or S3 I/O), then commit, or delete the blob
 * when the commit is refused. The database steps run on the event loop of the upload's connection.
 */
@ApplicationScoped
public class ContentUploads {

    /**
     * How long a commit may take before the upload is answered 503: longer than a row-lock wait may last
     * ({@code lock_timeout}, 15 s), shorter than PostgreSQL's kill of an idle transaction (30 s).
     */
    static final Duration COMMIT_LIMIT = Duration.ofSeconds(25);

    private final ContentCommits files;
    private final HomeFolders homes;
    private final BlobStore blobs;
    private final StorageConfig config;
    private final MeterRegistry metrics;
    private final UnsavedChanges unsaved;

    ContentUploads(ContentCommits files, HomeFolders homes, BlobStore blobs, StorageConfig config, MeterRegistry metrics,
                   UnsavedChanges unsaved) {
        this.unsaved = unsaved;
        this.files = files;
        this.homes = homes;
        this.blobs = blobs;
        this.config = config;
        this.metrics = metrics;
    }

    long maxBytes() {
        return config.maxFileSize().asLongValue();
    }

    /** The commit gave no answer in time; it may still land, so its blob is kept (the sweep removes it if not). */
    static final class CommitTimedOut extends ApiException {
        CommitTimedOut() {
            super(ErrorCode.DEPENDENCY_UNAVAILABLE, "the metadata store did not answer within " + COMMIT_LIMIT.toMillis() + " ms",
                    Map.of(), Duration.ofSeconds(5), null);
        }
    }

    /**
     * A new file in the folder; {@code requestedFolder} null: the owner's top level (their home folder).
     *
     * @param loop runs the database steps on the connection's event loop
     */
    public Uni<FileView> create(String name, String ownerId, String requestedFolder, InputStream body, Executor loop) {
        if (ownerId == null || ownerId.isBlank()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.BAD_REQUEST, "ownerId is required"));
        }
        Uni<String> folder = requestedFolder != null ? Uni.createFrom().item(requestedFolder) : homes.of(ownerId).map(home -> home.id);
        return Failures.translated(folder.chain(containerId -> {
            String fileId = UUID.randomUUID().toString();
            String key = FileService.newBlobKey(fileId);
            return files.prepareCreate(name, containerId, key)
                    .chain(() -> upload(key, body, loop))
                    .chain(blob -> commitOrDiscard(blob, () -> files.create(fileId, name, containerId, ownerId, blob), loop));
        }));
    }

    public Uni<FileView> write(String id, Preconditions preconditions, FileService.WriteContext write, InputStream body,
                               Executor loop) {
        return write(id, preconditions, write, body, loop, false);
    }

    /**
     * A new version, as {@link #write(String, Preconditions, FileService.WriteContext, InputStream, Executor)}; with
     * {@code keepRefused}, a write the preconditions refuse (a stale fencing token, another version) is still read and
     * kept as the session's unsaved changes, and the refusal says where ({@code unsavedId}).
     */
    public Uni<FileView> write(String id, Preconditions preconditions, FileService.WriteContext write, InputStream body,
                               Executor loop, boolean keepRefused) {
        String key = FileService.newBlobKey(id);
        return Failures.translated(files.prepareWrite(id, preconditions, key)
                .onFailure(ApiException.class).invoke(refused -> countConflict((ApiException) refused))
                .onItemOrFailure().transformToUni((ready, refused) -> {
                    if (refused == null) {
                        return upload(key, body, loop).chain(blob -> commitOrDiscard(blob,
                                () -> files.commitContent(id, blob, preconditions, write), loop,
                                keepRefused ? write : null, id));
                    }
                    if (keepRefused && refusal(refused)) {
                        // The body was not read yet: it goes to a blob of its own, kept instead of the version.
                        String kept = FileService.newBlobKey(id);
                        return unsaved.prepare(id, kept).chain(() -> upload(kept, body, loop))
                                .chain(blob -> unsaved.keep(id, write.sessionId(), write.modifiedBy(), reason(refused), blob))
                                .onItem().transformToUni(done -> Uni.createFrom().<FileView>failure(
                                        UnsavedChanges.keptIn((ApiException) refused, done)));
                    }
                    return Uni.createFrom().failure(refused);
                }));
    }

    /**
     * A save to keep as unsaved changes of the file, whatever the file is now (the refusal was decided by the caller:
     * a lost or different lock, a Collabora copy older than the file).
     */
    public Uni<UnsavedChanges.Unsaved> keep(String id, String sessionId, String userId, String reason, InputStream body,
                                            Executor loop) {
        String key = FileService.newBlobKey(id);
        return Failures.translated(unsaved.prepare(id, key)
                .chain(() -> upload(key, body, loop))
                .chain(blob -> unsaved.keep(id, sessionId, userId, reason, blob)));
    }

    /** A precondition's refusal (the lock's fencing token, the expected version), which a kept save answers. */
    private static boolean refusal(Throwable failure) {
        return failure instanceof ApiException api && (api.code().status() == 409 || api.code().status() == 412);
    }

    private static String reason(Throwable refusal) {
        return ((ApiException) refusal).code().status() == 412 ? "changed" : "fenced";
    }

    /** The body into the blob store, on a worker thread; the answer comes back on the event loop. */
    private Uni<StoredBlob> upload(String key, InputStream body, Executor loop) {
        return Uni.createFrom().item(() -> {
                    try (InputStream in = body) {
                        StoredBlob blob = blobs.write(key, in, maxBytes());
                        metrics.counter("wopi.storage.bytes", "direction", "in").increment(blob.size());
                        return blob;
                    } catch (BlobTooLargeException e) {
                        throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than " + maxBytes()
                                + " bytes (storage.max-file-size)");
                    } catch (IOException e) {
                        // The client went away mid-upload, or the store failed: the previous version stays current.
                        throw ApiException.unavailable("the upload did not complete: " + e.getMessage(), Duration.ofSeconds(1), null);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(loop);
    }

    private Uni<FileView> commitOrDiscard(StoredBlob blob, Supplier<Uni<FileView>> commit, Executor loop) {
        return commitOrDiscard(blob, commit, loop, null, null);
    }

    /**
     * Commits, or deletes the blob it would have referred to when the commit is refused (not when it timed out); with
     * {@code keepFor}, a refused commit's blob is kept as that session's unsaved changes of file {@code id} instead.
     */
    private Uni<FileView> commitOrDiscard(StoredBlob blob, Supplier<Uni<FileView>> commit, Executor loop,
                                          FileService.WriteContext keepFor, String id) {
        return Uni.createFrom().deferred(commit::get)
                .ifNoItem().after(COMMIT_LIMIT).failWith(CommitTimedOut::new)
                .onFailure().transform(Failures::translate)
                .onFailure(failure -> keepFor != null && refusal(failure)).recoverWithUni(refused -> unsaved
                        .keep(id, keepFor.sessionId(), keepFor.modifiedBy(), reason(refused), blob)
                        .onItem().transformToUni(kept -> Uni.createFrom().<FileView>failure(
                                UnsavedChanges.keptIn((ApiException) refused, kept))))
                // A kept save's blob is the unsaved changes' now: it stays.
                .onFailure(failure -> !(failure instanceof CommitTimedOut) && !UnsavedChanges.isKept(failure)).call(failure -> {
                    if (failure instanceof ApiException api) {
                        countConflict(api);
                    }
                    return Uni.createFrom().item(() -> {
                        try {
                            blobs.delete(blob.key());
                        } catch (IOException deleteFailed) {
                            failure.addSuppressed(deleteFailed);
                        }
                        return null;
                    }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).emitOn(loop);
                });
    }

    private void countConflict(ApiException refused) {
        if (refused.code().status() == 409 || refused.code().status() == 412) {
            metrics.counter("wopi.storage.conflicts", "code", refused.code().name()).increment();
        }
    }
}
