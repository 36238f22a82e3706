package org.openwopi.storage.file;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.blob.StoredBlob;
import org.openwopi.storage.common.Names;
import org.openwopi.storage.config.StorageConfig;
import org.openwopi.storage.container.FolderNames;
import org.openwopi.storage.sweep.BlobIntentEntity;
import org.openwopi.storage.sweep.BlobIntentRepository;
import org.openwopi.storage.version.FileVersionEntity;
import org.openwopi.storage.version.FileVersionRepository;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * File metadata and versions: reads, restore, rename, delete. Writes lock the file's row and check the preconditions
 * against it, so racing writers are serialized. Content uploads commit through {@link ContentCommits}.
 */
@ApplicationScoped
public class FileService {

    private final FileRepository files;
    private final FileVersionRepository versions;
    private final BlobIntentRepository intents;
    private final FolderNames names;
    private final StorageConfig config;
    private final Pool pool;

    FileService(FileRepository files, FileVersionRepository versions, BlobIntentRepository intents,
                FolderNames names, StorageConfig config, Pool pool) {
        this.pool = pool;
        this.files = files;
        this.versions = versions;
        this.intents = intents;
        this.names = names;
        this.config = config;
    }

    /** A fresh blob key for a file's next content. */
    public static String newBlobKey(String fileId) {
        return "files/" + fileId + "/" + UUID.randomUUID();
    }

    @WithSession
    public Uni<FileEntity> get(String id) {
        return files.findById(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    public static final String FILE_COLUMNS = "f.id, f.name, f.extension, f.container_id, f.owner_id, f.size, f.sha256, "
            + "f.version, f.last_fencing_token, f.modified_by, f.created_at, f.updated_at";

    /**
     * A file's metadata by one indexed query without an ORM session: every WOPI operation reads it first, and an
     * ORM session per read cost more than the query.
     */
    public Uni<FileView> view(String id) {
        return pool.preparedQuery("SELECT " + FILE_COLUMNS + " FROM files f WHERE f.id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    return fileView(rows.iterator().next());
                });
    }

    /**
     * A file with what opening it needs, in one query: its folder's name (none for a home) and one user's WOPI UserInfo (CheckFileInfo
     * would otherwise make three calls).
     */
    public Uni<FileContext> context(String id, String userId) {
        return pool.preparedQuery("SELECT " + FILE_COLUMNS + ", CASE WHEN c.home_of IS NULL THEN c.name END, u.info FROM files f "
                        + "LEFT JOIN containers c ON c.id = f.container_id "
                        + "LEFT JOIN user_info u ON u.user_id = $2 WHERE f.id = $1")
                .execute(Tuple.of(id, userId == null ? "" : userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    Row row = rows.iterator().next();
                    return new FileContext(fileView(row), row.getString(12), row.getString(13));
                });
    }

    public static FileView fileView(Row row) {
        return new FileView(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getLong(5), row.getString(6), row.getLong(7), row.getLong(8), row.getString(9),
                instant(row.getOffsetDateTime(10)), instant(row.getOffsetDateTime(11)));
    }

    private static Instant instant(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** The content a read needs (blob, size, version, hash), by a single indexed query without an ORM session. */
    public Uni<ContentRef> contentRef(String id) {
        return pool.preparedQuery("SELECT blob_key, size, version, sha256 FROM files WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    Row row = rows.iterator().next();
                    return new ContentRef(row.getString(0), row.getLong(1), row.getLong(2), row.getString(3));
                });
    }

    /** What reading one version's content needs, by one indexed query (404 for an unknown file or version). */
    public Uni<ContentRef> versionRef(String id, long version) {
        return pool.preparedQuery("SELECT v.blob_key, v.size, v.version, v.sha256 FROM files f "
                        + "LEFT JOIN file_versions v ON v.file_id = f.id AND v.version = $2 WHERE f.id = $1")
                .execute(Tuple.of(id, version))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    Row row = rows.iterator().next();
                    if (row.getString(0) == null) {
                        throw new ApiException(ErrorCode.NOT_FOUND, "file " + id + " has no version " + version);
                    }
                    return new ContentRef(row.getString(0), row.getLong(1), row.getLong(2), row.getString(3));
                });
    }

    /** What a content read needs of a file or version. */
    public record ContentRef(String blobKey, long size, long version, String sha256) {
    }

    /**
     * How a content write was made: by whom, in which editing session, whether it is an autosave, and who else edited
     * in that session (co-authors; the writer is always among the version's editors), and {@code renameTo}: a new
     * name the file takes in the same commit (a conversion in place, .doc to .docx), null to keep its name.
     */
    public record WriteContext(String modifiedBy, String sessionId, boolean autosave, List<String> editors, String renameTo) {

        public WriteContext {
            modifiedBy = modifiedBy == null ? "" : modifiedBy;
            sessionId = sessionId == null ? "" : sessionId;
            editors = editors == null ? List.of() : editors;
        }

        public WriteContext(String modifiedBy, String sessionId, boolean autosave, List<String> editors) {
            this(modifiedBy, sessionId, autosave, editors, null);
        }

        public WriteContext(String modifiedBy, String sessionId, boolean autosave) {
            this(modifiedBy, sessionId, autosave, List.of());
        }

        /** The writer, then the other editors, each once. */
        public List<String> allEditors() {
            java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
            if (!modifiedBy.isEmpty()) {
                all.add(modifiedBy);
            }
            all.addAll(editors);
            return List.copyOf(all);
        }
    }

    /** A new version with an old version's content (the blob is shared, not copied). */
    @WithTransaction
    public Uni<FileEntity> restore(String id, long version, Preconditions preconditions, String restoredBy) {
        return files.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(file -> versions.findById(new FileVersionEntity.Key(id, version))
                        .onItem().ifNull().failWith(() -> new ApiException(ErrorCode.NOT_FOUND, "file " + id + " has no version " + version))
                        .chain(old -> {
                            preconditions.check(file);
                            preconditions.accept(file);
                            // A version written under another name (before a conversion in place) brings it back.
                            boolean renamed = old.name != null && !old.name.equals(file.name);
                            Uni<Void> nameFree = renamed ? names.ensureFree(file.containerId, old.name, file.id)
                                    : Uni.createFrom().voidItem();
                            return nameFree.chain(() -> {
                                Instant now = Instant.now();
                                if (renamed) {
                                    file.name = old.name;
                                    file.extension = Names.extension(old.name);
                                }
                                apply(file, new StoredBlob(old.blobKey, old.size, old.sha256), file.version + 1, now,
                                        restoredBy == null ? "" : restoredBy);
                                return versions.persist(version(file, now)).replaceWith(file);
                            });
                        }));
    }

    @WithTransaction
    public Uni<FileEntity> rename(String id, String newName, Preconditions preconditions) {
        Names.validate(newName, config.maxNameLength());
        return files.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(file -> {
                    preconditions.check(file);
                    preconditions.accept(file);
                    return names.ensureFree(file.containerId, newName, file.id).map(ignored -> {
                        file.name = newName;
                        file.extension = Names.extension(newName);
                        file.updatedAt = Instant.now();
                        return file;
                    });
                });
    }

    /** Deletes the file and its versions; their blobs go to the sweep at once (no grace: nothing can commit them). */
    @WithTransaction
    public Uni<Void> delete(String id, Preconditions preconditions) {
        return files.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(file -> {
                    preconditions.check(file);
                    return versions.list("fileId", file.id)
                            .chain(all -> {
                                List<String> keys = all.stream().map(v -> v.blobKey).distinct().toList();
                                Uni<Void> garbage = Uni.createFrom().voidItem();
                                for (String key : keys) {
                                    garbage = garbage.chain(() -> intents.persist(BlobIntentEntity.of(key, Instant.EPOCH)).replaceWithVoid());
                                }
                                return garbage;
                            })
                            .chain(() -> versions.delete("fileId", file.id))
                            .chain(() -> files.delete(file));
                });
    }

    @WithSession
    public Uni<List<FileEntity>> listByContainer(String containerId, int offset, int limit) {
        Sort order = Sort.by("name").and("id");
        var found = containerId == null ? files.find("containerId is null", order) : files.find("containerId = ?1", order, containerId);
        return found.range(offset, offset + limit - 1).list();
    }

    @WithSession
    public Uni<List<FileVersionEntity>> versions(String id) {
        return get(id).chain(file -> versions.list("fileId = ?1 order by version desc", id));
    }

    private static void apply(FileEntity file, StoredBlob blob, long version, Instant now, String by) {
        file.version = version;
        file.size = blob.size();
        file.sha256 = blob.sha256();
        file.blobKey = blob.key();
        file.updatedAt = now;
        file.modifiedBy = by;
    }

    private static FileVersionEntity version(FileEntity file, Instant now) {
        FileVersionEntity version = new FileVersionEntity();
        version.fileId = file.id;
        version.version = file.version;
        version.size = file.size;
        version.sha256 = file.sha256;
        version.blobKey = file.blobKey;
        version.createdBy = file.modifiedBy;
        version.editors = file.modifiedBy == null || file.modifiedBy.isEmpty() ? new String[0] : new String[] {file.modifiedBy};
        version.createdAt = now;
        version.sessionId = "";
        version.name = file.name;
        return version;
    }

    static ApiException notFound(String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "no file " + id);
    }

    /** The answer for a file that does not exist, for other packages. */
    public static ApiException notFoundError(String id) {
        return notFound(id);
    }
}
