package org.openwopi.storage.unsaved;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.blob.StoredBlob;
import org.openwopi.storage.config.StorageConfig;
import org.openwopi.storage.file.FileService;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Saves a file refused, kept so that no edit is ever lost (README.md, "Unsaved changes"): one per editing session and
 * file (the session's next refusal replaces it), at most {@code storage.unsaved.max-per-file} per file (the oldest
 * go), swept after {@code storage.unsaved.retention}. Their blobs follow the blob store's intent protocol: an intent
 * before the upload, claimed when the row is written; a database trigger hands a removed or replaced row's blob to
 * the sweep unless a version refers to it (a restored one does).
 */
@ApplicationScoped
public class UnsavedChanges {

    /** Why a save was refused. */
    public static final List<String> REASONS = List.of("lock-mismatch", "lock-lost", "changed", "fenced");
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String COLUMNS = "id, file_id, session_id, user_id, reason, size, sha256, blob_key, created_at";

    private final Pool pool;
    private final int maxPerFile;

    UnsavedChanges(Pool pool, StorageConfig config) {
        this.pool = pool;
        this.maxPerFile = config.unsaved().maxPerFile();
    }

    /** A kept save: whose session, why it was refused, and its content's size and digest. */
    public record Unsaved(String id, String fileId, String sessionId, String userId, String reason, long size,
                          String sha256, Instant createdAt) {
    }

    /** Where a kept save's content is. */
    public record Stored(Unsaved unsaved, String blobKey) {
    }

    /** Before the upload of a save to keep: the blob's intent, so a cut-off upload is swept; 404 for no such file. */
    public Uni<Void> prepare(String fileId, String blobKey) {
        return pool.preparedQuery("INSERT INTO blob_intents (blob_key, created_at) SELECT $2::varchar, now() "
                        + "WHERE EXISTS (SELECT 1 FROM files WHERE id = $1) RETURNING 1")
                .execute(Tuple.of(fileId, blobKey))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw FileService.notFoundError(fileId);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Keeps {@code blob} (uploaded under an intent) as the session's unsaved changes of the file, replacing what the
     * session kept before, and drops the file's oldest beyond the allowance; one transaction.
     */
    public Uni<Unsaved> keep(String fileId, String sessionId, String userId, String reason, StoredBlob blob) {
        if (!REASONS.contains(reason)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "X-Reason must be one of " + REASONS);
        }
        String session = sessionId == null || sessionId.isBlank() ? "user:" + userId : sessionId;
        if (session.length() > 256) {
            session = session.substring(0, 256);
        }
        if (userId == null || userId.isBlank() || userId.length() > 256) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "X-Modified-By is required");
        }
        Tuple row = Tuple.tuple().addString(UUID.randomUUID().toString()).addString(fileId).addString(session)
                .addString(userId).addString(reason).addLong(blob.size()).addString(blob.sha256()).addString(blob.key())
                .addOffsetDateTime(OffsetDateTime.now(ZoneOffset.UTC));
        return pool.withTransaction(connection -> connection
                        .preparedQuery("DELETE FROM blob_intents WHERE blob_key = $1").execute(Tuple.of(blob.key()))
                        .chain(() -> connection.preparedQuery("INSERT INTO unsaved_changes (" + COLUMNS + ") "
                                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (file_id, session_id) DO UPDATE SET "
                                        + "user_id = EXCLUDED.user_id, reason = EXCLUDED.reason, size = EXCLUDED.size, "
                                        + "sha256 = EXCLUDED.sha256, blob_key = EXCLUDED.blob_key, created_at = EXCLUDED.created_at "
                                        + "RETURNING " + COLUMNS)
                                .execute(row))
                        .map(rows -> unsaved(rows.iterator().next()))
                        .call(kept -> connection.preparedQuery("DELETE FROM unsaved_changes WHERE file_id = $1 AND id IN "
                                        + "(SELECT id FROM unsaved_changes WHERE file_id = $1 ORDER BY created_at DESC, id OFFSET $2)")
                                .execute(Tuple.of(fileId, maxPerFile))))
                .onFailure(PgException.class).transform(failure -> FOREIGN_KEY_VIOLATION.equals(((PgException) failure).getSqlState())
                        ? FileService.notFoundError(fileId) : failure);
    }

    /** The file's kept saves, newest first. */
    public Uni<List<Unsaved>> of(String fileId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM unsaved_changes WHERE file_id = $1 ORDER BY created_at DESC, id")
                .execute(Tuple.of(fileId))
                .map(rows -> {
                    List<Unsaved> all = new ArrayList<>();
                    rows.forEach(row -> all.add(unsaved(row)));
                    return all;
                });
    }

    /** One kept save of the file, with where its content is; 404 when the file has none by that id. */
    public Uni<Stored> get(String fileId, String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM unsaved_changes WHERE file_id = $1 AND id = $2")
                .execute(Tuple.of(fileId, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ApiException(ErrorCode.NOT_FOUND, "no unsaved changes " + id + " of file " + fileId);
                    }
                    Row row = rows.iterator().next();
                    return new Stored(unsaved(row), row.getString("blob_key"));
                });
    }

    /** Forgets a kept save (its blob goes to the sweep unless a version took it); 404 when there is none. */
    public Uni<Void> delete(String fileId, String id) {
        return pool.preparedQuery("DELETE FROM unsaved_changes WHERE file_id = $1 AND id = $2").execute(Tuple.of(fileId, id))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiException(ErrorCode.NOT_FOUND, "no unsaved changes " + id + " of file " + fileId);
                    }
                })
                .replaceWithVoid();
    }

    /** Before a restore commits a kept save's blob as a version: an intent the commit claims (see ContentCommits). */
    public Uni<Void> reclaim(String blobKey) {
        return pool.preparedQuery("INSERT INTO blob_intents (blob_key, created_at) VALUES ($1, now()) ON CONFLICT (blob_key) DO NOTHING")
                .execute(Tuple.of(blobKey)).replaceWithVoid();
    }

    /** Drops what is older than the cutoff; answers how many. */
    public Uni<Integer> expire(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM unsaved_changes WHERE created_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** The refusal, saying which kept save holds the refused content. */
    public static ApiException keptIn(ApiException refusal, Unsaved kept) {
        Map<String, Object> extras = new HashMap<>(refusal.extras());
        extras.put("unsavedId", kept.id());
        return new ApiException(refusal.code(), refusal.getMessage() + "; the refused content is kept as unsaved changes "
                + kept.id(), extras);
    }

    /** Whether the failure is a refusal whose content was kept ({@link #keptIn}). */
    public static boolean isKept(Throwable failure) {
        return failure instanceof ApiException api && api.extras().containsKey("unsavedId");
    }

    private static Unsaved unsaved(Row row) {
        return new Unsaved(row.getString("id"), row.getString("file_id"), row.getString("session_id"), row.getString("user_id"),
                row.getString("reason"), row.getLong("size"), row.getString("sha256"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
