package org.openwopi.storage.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.common.PageCursor;
import org.openwopi.storage.file.FileService;
import org.openwopi.storage.file.FileView;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What a folder holds, read in plain SQL: a user's view of its children, a page at a time by keyset, and lookups by
 * name that see every entry however many there are.
 *
 * <p>Which entries a listing shows is said here once, in SQL ({@link #VISIBLE}): those of the folder's owner. Everything
 * beneath a home belongs to that home's user, whoever made it (an editor of a shared folder makes entries for its
 * owner), so this is every entry; whether the caller may list the folder at all is wopi-api-service's access gate's
 * decision (its owner, or someone it is shared with). Paging runs over the filtered rows, so an entry of another
 * owner, which only a caller bypassing the gate could have put there, can neither show nor push one off a page.
 */
@ApplicationScoped
public class FolderQueries {

    static final String CONTAINER_COLUMNS = "id, parent_id, name, owner_id, home_of, created_at, updated_at";

    /** The visibility rule, for a table's rows given the folder as {@code $1}. */
    private static final String VISIBLE = "owner_id = (SELECT owner_id FROM containers WHERE id = $1)";

    /** How many "name (n).ext" variants are tried before a suggested name is refused. */
    static final int MAX_NAME_VARIANTS = 10_000;

    private final Pool pool;

    FolderQueries(Pool pool) {
        this.pool = pool;
    }

    /** A page of a folder's children as one user sees them: folders by name, then files by name. */
    public record Page(List<ContainerEntity> containers, List<FileView> files, String next) {
    }

    /**
     * @param after the {@code next} of the page before, or null for the first page
     */
    public Uni<Page> children(String folderId, String after, int limit) {
        PageCursor cursor = PageCursor.decode(after);
        // The database's own lower-casing, as the keyset compares it.
        Map<String, String> sortNames = new java.util.HashMap<>();
        Uni<List<ContainerEntity>> folders = cursor.files()
                ? Uni.createFrom().item(List.of())
                : pool.preparedQuery("SELECT " + CONTAINER_COLUMNS + ", lower(name) AS sort_name FROM containers "
                                + "WHERE parent_id = $1 AND " + VISIBLE + " AND (lower(name), id) > ($2, $3) ORDER BY lower(name), id LIMIT $4")
                        .execute(Tuple.of(folderId, cursor.name(), cursor.id(), limit + 1))
                        .map(rows -> {
                            List<ContainerEntity> list = new ArrayList<>();
                            rows.forEach(row -> {
                                list.add(container(row));
                                sortNames.put(row.getString("id"), row.getString("sort_name"));
                            });
                            return list;
                        });
        return folders.chain(found -> {
            if (found.size() > limit) {
                List<ContainerEntity> page = found.subList(0, limit);
                ContainerEntity last = page.get(limit - 1);
                return Uni.createFrom().item(new Page(page, List.of(), new PageCursor(false, sortNames.get(last.id), last.id).encode()));
            }
            int room = limit - found.size();
            PageCursor fileCursor = cursor.files() ? cursor : PageCursor.FIRST_FILE;
            return pool.preparedQuery("SELECT " + FileService.FILE_COLUMNS + ", lower(f.name) FROM files f WHERE f.container_id = $1 AND f."
                            + VISIBLE + " AND (lower(f.name), f.id) > ($2, $3) ORDER BY lower(f.name), f.id LIMIT $4")
                    .execute(Tuple.of(folderId, fileCursor.name(), fileCursor.id(), room + 1))
                    .map(rows -> {
                        List<FileView> read = new ArrayList<>();
                        rows.forEach(row -> {
                            read.add(FileService.fileView(row));
                            sortNames.put(row.getString(0), row.getString(12));
                        });
                        List<FileView> files = read;
                        String next = null;
                        if (files.size() > room) {
                            files = files.subList(0, room);
                            FileView last = files.isEmpty() ? null : files.get(room - 1);
                            next = last == null ? PageCursor.FIRST_FILE.encode() : new PageCursor(true, sortNames.get(last.id()), last.id()).encode();
                        }
                        return new Page(found, files, next);
                    });
        });
    }

    /** What a name in a folder is: a file (with its metadata), a folder, or nothing (404). Case is ignored. */
    public record Entry(String kind, FileView file, String containerId) {
    }

    public Uni<Entry> lookup(String folderId, String name) {
        return pool.preparedQuery("SELECT " + FileService.FILE_COLUMNS + " FROM files f WHERE f.container_id = $1 "
                        + "AND lower(f.name) = lower($2)").execute(Tuple.of(folderId, name))
                .chain(files -> {
                    if (files.size() > 0) {
                        return Uni.createFrom().item(new Entry("file", FileService.fileView(files.iterator().next()), null));
                    }
                    return pool.preparedQuery("SELECT id FROM containers WHERE parent_id = $1 AND lower(name) = lower($2)")
                            .execute(Tuple.of(folderId, name)).map(folders -> {
                                if (folders.size() == 0) {
                                    throw new ApiException(ErrorCode.NOT_FOUND, "nothing named \"" + name + "\" in folder " + folderId);
                                }
                                return new Entry("folder", null, folders.iterator().next().getString(0));
                            });
                });
    }

    /**
     * {@code name}, or {@code base (2).ext}, {@code base (3).ext}, ... whichever no file or folder in the folder has,
     * looked up among all of its entries (not a page of them).
     */
    public Uni<String> freeName(String folderId, String name) {
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return pool.preparedQuery("SELECT lower(name) FROM files WHERE container_id = $1 AND starts_with(lower(name), lower($2)) "
                        + "UNION SELECT lower(name) FROM containers WHERE parent_id = $1 AND starts_with(lower(name), lower($2))")
                .execute(Tuple.of(folderId, base))
                .map(rows -> {
                    java.util.Set<String> taken = new java.util.HashSet<>();
                    rows.forEach(row -> taken.add(row.getString(0)));
                    if (!taken.contains(lower(name))) {
                        return name;
                    }
                    for (int n = 2; n < MAX_NAME_VARIANTS; n++) {
                        String candidate = base + " (" + n + ")" + ext;
                        if (!taken.contains(lower(candidate))) {
                            return candidate;
                        }
                    }
                    throw new ApiException(ErrorCode.CONFLICT, "no free name like \"" + name + "\" in this folder",
                            Map.of("reason", "name-taken"));
                });
    }

    static ContainerEntity container(Row row) {
        ContainerEntity container = new ContainerEntity();
        container.id = row.getString("id");
        container.parentId = row.getString("parent_id");
        container.name = row.getString("name");
        container.ownerId = row.getString("owner_id");
        container.homeOf = row.getString("home_of");
        container.createdAt = row.getOffsetDateTime("created_at").toInstant();
        container.updatedAt = row.getOffsetDateTime("updated_at").toInstant();
        return container;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
