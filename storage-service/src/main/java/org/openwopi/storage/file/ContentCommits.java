package org.openwopi.storage.file;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.blob.StoredBlob;
import org.openwopi.storage.common.Names;
import org.openwopi.storage.config.StorageConfig;
import org.openwopi.storage.container.FolderNames;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The metadata side of a content upload, in plain SQL on the reactive pool: before the body, the checks and the blob's
 * intent row (one statement); after it, the commit (one transaction: the file's row locked, the preconditions checked
 * against it, the new version, the file's new state, the intent row claimed).
 *
 * <p>Why not Hibernate Reactive, like the rest of the service: under concurrent uploads its transactions sometimes
 * never completed (PostgreSQL saw the connection idle in transaction until it ended it), so the waiting worker thread
 * was held for good (bench/storage-storm.sh found it). A transaction here is a fixed list of statements on one
 * connection, with nothing but the pool between it and PostgreSQL, and fewer round trips.
 */
@ApplicationScoped
public class ContentCommits {

    private static final String FILE_RETURNING = " RETURNING id, name, extension, container_id, owner_id, size, sha256, "
            + "version, last_fencing_token, modified_by, created_at, updated_at";

    private final Pool pool;
    private final StorageConfig config;

    ContentCommits(Pool pool, StorageConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Before a new file's upload: checks its name and folder and records the blob's intent, in one statement. */
    public Uni<Void> prepareCreate(String name, String containerId, String blobKey) {
        Names.validate(name, config.maxNameLength());
        String folder = containerId;
        return pool.preparedQuery("WITH checks AS (" + FolderNames.CHECK + "), "
                        + "intent AS (INSERT INTO blob_intents (blob_key, created_at) SELECT $4::varchar, $5::timestamptz FROM checks "
                        + "WHERE folder_found AND NOT taken RETURNING 1) "
                        + "SELECT folder_found, taken FROM checks")
                .execute(Tuple.of(folder, name, "", blobKey, timestamp(Instant.now())))
                .invoke(rows -> folderChecks(rows.iterator().next(), containerId, name))
                .replaceWithVoid();
    }

    /**
     * Before a new version's upload: checks the preconditions against the file as it is (a doomed write is refused
     * before its body is read) and records the blob's intent, in one statement. They are checked again at commit.
     */
    public Uni<Void> prepareWrite(String id, Preconditions preconditions, String blobKey) {
        Tuple args = Tuple.tuple().addString(id).addString(blobKey).addOffsetDateTime(timestamp(Instant.now()))
                .addLong(boxed(preconditions.expectedVersion())).addLong(boxed(preconditions.fencingToken()));
        return pool.preparedQuery("WITH f AS (SELECT version, last_fencing_token FROM files WHERE id = $1), "
                        + "intent AS (INSERT INTO blob_intents (blob_key, created_at) SELECT $2::varchar, $3::timestamptz FROM f "
                        + "WHERE ($4::bigint IS NULL OR version = $4) AND ($5::bigint IS NULL OR $5 >= last_fencing_token) RETURNING 1) "
                        + "SELECT version, last_fencing_token FROM f")
                .execute(args)
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw FileService.notFound(id);
                    }
                    Row file = rows.iterator().next();
                    preconditions.check(file.getLong(0), file.getLong(1));
                })
                .replaceWithVoid();
    }

    /**
     * Records a new file whose first content is {@code blob}, made by {@code ownerId}: it belongs to the folder's owner
     * (everything beneath a home is its user's, also what an editor makes in a shared folder), and {@code ownerId} is
     * recorded as who wrote its first version.
     */
    public Uni<FileView> create(String fileId, String name, String containerId, String ownerId, StoredBlob blob) {
        Names.validate(name, config.maxNameLength());
        String folder = containerId;
        OffsetDateTime now = timestamp(Instant.now());
        return pool.withTransaction(connection -> claimIntent(connection, blob.key())
                .chain(() -> connection.preparedQuery(FolderNames.CHECK).execute(Tuple.of(folder, name, "")))
                .invoke(rows -> folderChecks(rows.iterator().next(), containerId, name))
                .chain(() -> connection.preparedQuery("INSERT INTO files (id, container_id, name, extension, owner_id, size, "
                                + "sha256, version, blob_key, last_fencing_token, modified_by, created_at, updated_at) "
                                + "VALUES ($1, $2, $3, $4, (SELECT owner_id FROM containers WHERE id = $10), $6, $7, 1, $8, 0, $5, $9, $9)"
                                + FILE_RETURNING)
                        .execute(Tuple.tuple().addString(fileId).addString(containerId).addString(name)
                                .addString(Names.extension(name)).addString(ownerId).addLong(blob.size())
                                .addString(blob.sha256()).addString(blob.key()).addOffsetDateTime(now).addString(containerId)))
                .map(rows -> FileService.fileView(rows.iterator().next()))
                .call(file -> insertVersion(connection, file, now, "", false, List.of(ownerId))));
    }

    /**
     * Makes {@code blob} the file's newest version if the preconditions hold against the file as it is now (its row
     * locked until the commit, so racing writers are serialized). An autosave replaces the previous version when that
     * is an autosave of the same session within {@code storage.autosave-grace}.
     */
    public Uni<FileView> commitContent(String id, StoredBlob blob, Preconditions preconditions, FileService.WriteContext write) {
        OffsetDateTime now = timestamp(Instant.now());
        // The writer and their co-authors, and those of the autosave this one replaces, if any.
        java.util.LinkedHashSet<String> editors = new java.util.LinkedHashSet<>(write.allEditors());
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT version, last_fencing_token, container_id, name FROM files WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw FileService.notFound(id);
                    }
                    Row file = rows.iterator().next();
                    long previous = file.getLong(0);
                    preconditions.check(previous, file.getLong(1));
                    String renameTo = write.renameTo() == null || write.renameTo().equals(file.getString(3)) ? null : write.renameTo();
                    return nameFree(connection, file.getString(2), renameTo, id)
                            .chain(() -> collapseAutosave(connection, id, previous, write, now))
                            .invoke(replaced -> editors.addAll(replaced))
                            .chain(() -> connection.preparedQuery("UPDATE files SET version = version + 1, size = $2, sha256 = $3, "
                                            + "blob_key = $4, updated_at = $5, modified_by = $6, "
                                            + "last_fencing_token = coalesce($7, last_fencing_token), name = coalesce($8, name), "
                                            + "extension = coalesce($9, extension) WHERE id = $1" + FILE_RETURNING)
                                    .execute(Tuple.tuple().addString(id).addLong(blob.size()).addString(blob.sha256())
                                            .addString(blob.key()).addOffsetDateTime(now).addString(write.modifiedBy())
                                            .addLong(boxed(preconditions.fencingToken())).addString(renameTo)
                                            .addString(renameTo == null ? null : Names.extension(renameTo))));
                })
                .map(rows -> FileService.fileView(rows.iterator().next()))
                .call(file -> insertVersion(connection, file, now, write.sessionId(), write.autosave(), List.copyOf(editors)))
                .call(() -> claimIntent(connection, blob.key())));
    }

    /**
     * Drops the previous version if this autosave replaces it (an autosave of the same session, recent enough), and
     * hands its blob to the sweep unless another version shares it (a restore). One statement.
     */
    private Uni<List<String>> collapseAutosave(SqlConnection connection, String id, long previous, FileService.WriteContext write,
                                               OffsetDateTime now) {
        if (!write.autosave() || write.sessionId().isEmpty() || config.autosaveGrace().isZero()) {
            return Uni.createFrom().item(List.of());
        }
        OffsetDateTime since = now.minus(config.autosaveGrace());
        // Answers the replaced version's editors, who stay editors of the one that replaces it.
        return connection.preparedQuery("WITH gone AS (DELETE FROM file_versions WHERE file_id = $1 AND version = $2 "
                        + "AND autosave AND session_id = $3 AND created_at >= $4 RETURNING blob_key, editors), "
                        + "swept AS (INSERT INTO blob_intents (blob_key, created_at) SELECT blob_key, $5::timestamptz FROM gone WHERE NOT EXISTS "
                        + "(SELECT 1 FROM file_versions v WHERE v.file_id = $1 AND v.version <> $2 AND v.blob_key = gone.blob_key) "
                        + "ON CONFLICT (blob_key) DO NOTHING) SELECT editors FROM gone")
                .execute(Tuple.of(id, previous, write.sessionId(), since, timestamp(Instant.EPOCH)))
                .map(rows -> {
                    List<String> replaced = new java.util.ArrayList<>();
                    rows.forEach(row -> {
                        String[] names = row.getArrayOfStrings(0);
                        if (names != null) {
                            replaced.addAll(List.of(names));
                        }
                    });
                    return replaced;
                });
    }

    /** A new name for the file must be valid and free in its folder (checked with the file's row locked). */
    private Uni<Void> nameFree(SqlConnection connection, String containerId, String renameTo, String id) {
        if (renameTo == null) {
            return Uni.createFrom().voidItem();
        }
        Names.validate(renameTo, config.maxNameLength());
        return connection.preparedQuery(FolderNames.CHECK).execute(Tuple.of(containerId, renameTo, id))
                .invoke(rows -> folderChecks(rows.iterator().next(), containerId, renameTo))
                .replaceWithVoid();
    }

    private static Uni<RowSet<Row>> insertVersion(SqlConnection connection, FileView file, OffsetDateTime now,
                                                  String sessionId, boolean autosave, List<String> editors) {
        return connection.preparedQuery("INSERT INTO file_versions (file_id, version, size, sha256, blob_key, created_by, "
                        + "created_at, session_id, autosave, editors, name) SELECT id, version, size, sha256, blob_key, modified_by, "
                        + "$2::timestamptz, $3::varchar, $4::boolean, $5::text[], name FROM files WHERE id = $1")
                .execute(Tuple.tuple().addString(file.id()).addOffsetDateTime(now).addString(sessionId).addBoolean(autosave)
                        .addArrayOfString(editors.toArray(String[]::new)));
    }

    /**
     * Removes the blob's intent row in the committing transaction. If the row is gone, the sweep judged the upload
     * abandoned (it outlived the grace period) and may have deleted the blob: the commit must fail.
     */
    private static Uni<Void> claimIntent(SqlConnection connection, String blobKey) {
        return connection.preparedQuery("DELETE FROM blob_intents WHERE blob_key = $1").execute(Tuple.of(blobKey))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.unavailable("the upload took longer than storage.sweep.grace and was swept; send it again",
                                Duration.ofSeconds(1), null);
                    }
                })
                .replaceWithVoid();
    }

    private static void folderChecks(Row checks, String containerId, String name) {
        if (!checks.getBoolean(0)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no folder " + containerId);
        }
        if (checks.getBoolean(1)) {
            throw FolderNames.taken(name);
        }
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
