package org.openwopi.storage.share;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.common.PageCursor;
import org.openwopi.storage.container.ContainerResource.ContainerView;
import org.openwopi.storage.file.FileService;
import org.openwopi.storage.file.FileView;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Shares of files and folders, in plain SQL: who they name, and what they add up to for one person. A folder's share
 * covers everything beneath it; a person's groups are those {@link People} recorded last.
 *
 * <p>This answers facts (the strongest share a person has on an item); the decision, which also weighs ownership, is
 * wopi-api-service's access gate's.
 */
@ApplicationScoped
public class Shares {

    public static final Set<String> ROLES = Set.of("viewer", "editor");
    public static final Set<String> GRANTEE_TYPES = Set.of("user", "group");
    /** Folders are not nested deeper than this in practice; the walk up stops there whatever the data says. */
    static final int MAX_DEPTH = 256;

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /** Shares naming the person given as {@code $1}, directly or through one of their groups. */
    private static final String NAMES_PERSON = "(s.grantee_type = 'user' AND s.grantee = $1 OR s.grantee_type = 'group' "
            + "AND s.grantee = ANY (coalesce((SELECT groups FROM people WHERE id = $1), '{}')))";
    private static final String RANK = "max(CASE s.role WHEN 'editor' THEN 2 ELSE 1 END)";
    private static final String SHARE_COLUMNS = "s.id, s.file_id, s.container_id, s.grantee_type, s.grantee, s.role, "
            + "s.created_by, s.created_at, p.display_name";

    private final Pool pool;
    private final People people;

    Shares(Pool pool, People people) {
        this.pool = pool;
        this.people = people;
    }

    /**
     * @param itemType    {@code file} or {@code folder}
     * @param granteeName the user's display name (the group's name for a group), as the share dialog shows it
     */
    public record Share(String id, String itemType, String itemId, String granteeType, String grantee, String granteeName,
                        String role, String createdBy, Instant createdAt) {
    }

    /** What someone asks to share. */
    public record NewShare(String itemType, String itemId, String granteeType, String grantee, String role, String createdBy) {
    }

    /** An item shared with a person, with the strongest role their shares on it give. */
    public record SharedFolder(ContainerView folder, String role) {
    }

    public record SharedFile(FileView file, String role) {
    }

    /** A page of what is shared with a person: folders by name, then files by name. */
    public record SharedPage(List<SharedFolder> containers, List<SharedFile> files, String next) {
    }

    /** The shares of one item, users before groups, by name. */
    public Uni<List<Share>> of(String itemType, String itemId) {
        String column = column(itemType);
        return pool.preparedQuery("SELECT " + SHARE_COLUMNS + " FROM shares s LEFT JOIN people p ON s.grantee_type = 'user' "
                        + "AND p.id = s.grantee WHERE s." + column + " = $1 ORDER BY s.grantee_type DESC, lower(s.grantee), s.id")
                .execute(Tuple.of(itemId))
                .map(rows -> {
                    List<Share> shares = new ArrayList<>();
                    rows.forEach(row -> shares.add(share(row)));
                    return shares;
                });
    }

    public Uni<Share> get(String id) {
        return pool.preparedQuery("SELECT " + SHARE_COLUMNS + " FROM shares s LEFT JOIN people p ON s.grantee_type = 'user' "
                        + "AND p.id = s.grantee WHERE s.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    return share(rows.iterator().next());
                });
    }

    /**
     * A new share: 404 for an item that does not exist (or stops existing meanwhile), 400 for a role or grantee type
     * that does not exist, a grantee nobody knows here, the item's owner, a home folder, or a grantee who has a share
     * on the item already (change that one's role instead).
     */
    public Uni<Share> create(NewShare request) {
        String column = column(request.itemType());
        String role = role(request.role());
        if (request.granteeType() == null || !GRANTEE_TYPES.contains(request.granteeType())) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "granteeType must be user or group");
        }
        People.validName(request.granteeType(), request.grantee());
        People.validName("user id", request.createdBy());
        String table = column.equals("file_id") ? "files" : "containers";
        String home = column.equals("file_id") ? "NULL" : "home_of";
        return pool.preparedQuery("SELECT owner_id, " + home + " FROM " + table + " WHERE id = $1").execute(Tuple.of(request.itemId()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw itemNotFound(request.itemType(), request.itemId());
                    }
                    Row item = rows.iterator().next();
                    if (item.getString(1) != null) {
                        throw new ApiException(ErrorCode.BAD_REQUEST, "a home folder cannot be shared; share the folders in it");
                    }
                    if (request.granteeType().equals("user") && request.grantee().equals(item.getString(0))) {
                        throw new ApiException(ErrorCode.BAD_REQUEST, request.grantee() + " owns this " + request.itemType()
                                + " and may do everything with it already");
                    }
                    return known(request.granteeType(), request.grantee());
                })
                .chain(() -> pool.preparedQuery("INSERT INTO shares (id, " + column + ", grantee_type, grantee, role, created_by, "
                                + "created_at) VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT DO NOTHING RETURNING id")
                        .execute(Tuple.tuple().addString(UUID.randomUUID().toString()).addString(request.itemId())
                                .addString(request.granteeType()).addString(request.grantee()).addString(role)
                                .addString(request.createdBy())))
                .onFailure(e -> e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()))
                .transform(e -> itemNotFound(request.itemType(), request.itemId()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw new ApiException(ErrorCode.BAD_REQUEST, "this " + request.itemType() + " is shared with "
                                + request.grantee() + " already; change that share's role instead", Map.of("reason", "duplicate"));
                    }
                    return get(rows.iterator().next().getString(0));
                });
    }

    public Uni<Share> changeRole(String id, String newRole) {
        String role = role(newRole);
        return pool.preparedQuery("UPDATE shares SET role = $2 WHERE id = $1 RETURNING id").execute(Tuple.of(id, role))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    return get(id);
                });
    }

    public Uni<Void> delete(String id) {
        return pool.preparedQuery("DELETE FROM shares WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw notFound(id);
            }
            return null;
        });
    }

    /**
     * The strongest role the person's shares give them on the item (its own shares and those of every folder above
     * it), or null when none does. Ownership is not a share: an owner gets null here.
     */
    public Uni<String> role(String itemType, String itemId, String userId) {
        String column = column(itemType);
        String start = column.equals("file_id") ? "(SELECT container_id FROM files WHERE id = $2)" : "$2";
        String own = column.equals("file_id") ? "s.file_id = $2 OR " : "";
        return pool.preparedQuery("WITH RECURSIVE up(id, parent_id, depth) AS ("
                        + "SELECT c.id, c.parent_id, 0 FROM containers c WHERE c.id = " + start
                        + " UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM containers c JOIN up ON c.id = up.parent_id "
                        + "WHERE up.depth < " + MAX_DEPTH + ") "
                        + "SELECT " + RANK + " FROM shares s WHERE (" + own + "s.container_id IN (SELECT id FROM up)) AND " + NAMES_PERSON)
                .execute(Tuple.of(userId, itemId))
                .map(rows -> rank(rows.iterator().next().getInteger(0)));
    }

    /**
     * A page of the items shared with the person (directly or through a group) that they do not own: folders, then
     * files, each by name, by keyset. Only the person's shares are read (by the grantee index), however many there are.
     */
    public Uni<SharedPage> sharedWith(String userId, String after, int limit) {
        PageCursor cursor = PageCursor.decode(after);
        Map<String, String> sortNames = new HashMap<>();
        Uni<List<SharedFolder>> folders = cursor.files()
                ? Uni.createFrom().item(List.of())
                : pool.preparedQuery("SELECT c.id, c.parent_id, c.name, c.owner_id, c.home_of, c.created_at, c.updated_at, "
                                + "lower(c.name), " + RANK + " FROM shares s JOIN containers c ON c.id = s.container_id WHERE "
                                + NAMES_PERSON + " AND c.owner_id <> $1 AND (lower(c.name), c.id) > ($2, $3) "
                                + "GROUP BY c.id ORDER BY lower(c.name), c.id LIMIT $4")
                        .execute(Tuple.of(userId, cursor.name(), cursor.id(), limit + 1))
                        .map(rows -> {
                            List<SharedFolder> list = new ArrayList<>();
                            rows.forEach(row -> {
                                list.add(new SharedFolder(new ContainerView(row.getString(0), row.getString(1), row.getString(2),
                                        row.getString(3), row.getString(4), row.getOffsetDateTime(5).toInstant(),
                                        row.getOffsetDateTime(6).toInstant()), rank(row.getInteger(8))));
                                sortNames.put(row.getString(0), row.getString(7));
                            });
                            return list;
                        });
        return folders.chain(found -> {
            if (found.size() > limit) {
                List<SharedFolder> page = found.subList(0, limit);
                String lastId = page.get(limit - 1).folder().id();
                return Uni.createFrom().item(new SharedPage(page, List.of(),
                        new PageCursor(false, sortNames.get(lastId), lastId).encode()));
            }
            int room = limit - found.size();
            PageCursor fileCursor = cursor.files() ? cursor : PageCursor.FIRST_FILE;
            return pool.preparedQuery("SELECT " + FileService.FILE_COLUMNS + ", lower(f.name), " + RANK
                            + " FROM shares s JOIN files f ON f.id = s.file_id WHERE " + NAMES_PERSON
                            + " AND f.owner_id <> $1 AND (lower(f.name), f.id) > ($2, $3) GROUP BY f.id "
                            + "ORDER BY lower(f.name), f.id LIMIT $4")
                    .execute(Tuple.of(userId, fileCursor.name(), fileCursor.id(), room + 1))
                    .map(rows -> {
                        List<SharedFile> files = new ArrayList<>();
                        rows.forEach(row -> {
                            files.add(new SharedFile(FileService.fileView(row), rank(row.getInteger(13))));
                            sortNames.put(row.getString(0), row.getString(12));
                        });
                        if (files.size() <= room) {
                            return new SharedPage(found, files, null);
                        }
                        List<SharedFile> page = files.subList(0, room);
                        String next = page.isEmpty() ? PageCursor.FIRST_FILE.encode()
                                : new PageCursor(true, sortNames.get(page.get(room - 1).file().id()), page.get(room - 1).file().id()).encode();
                        return new SharedPage(found, page, next);
                    });
        });
    }

    private Uni<Void> known(String granteeType, String grantee) {
        if (granteeType.equals("user")) {
            return people.get(grantee)
                    .onFailure(e -> e instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND)
                    .transform(e -> new ApiException(ErrorCode.BAD_REQUEST, "nobody called " + grantee
                            + " has signed in here; they can be given access once they have", Map.of("reason", "unknown-grantee")))
                    .replaceWithVoid();
        }
        return people.groupKnown(grantee).invoke(known -> {
            if (!known) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "no group " + grantee + " is known here: nobody in it has signed in",
                        Map.of("reason", "unknown-grantee"));
            }
        }).replaceWithVoid();
    }

    static String column(String itemType) {
        if ("file".equals(itemType)) {
            return "file_id";
        }
        if ("folder".equals(itemType)) {
            return "container_id";
        }
        throw new ApiException(ErrorCode.BAD_REQUEST, "an item is a file or a folder");
    }

    private static String role(String role) {
        if (role == null || !ROLES.contains(role)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "role must be viewer or editor");
        }
        return role;
    }

    private static String rank(Integer rank) {
        return rank == null ? null : rank == 2 ? "editor" : "viewer";
    }

    private static Share share(Row row) {
        boolean file = row.getString(1) != null;
        String grantee = row.getString(4);
        String name = row.getString(8);
        return new Share(row.getString(0), file ? "file" : "folder", file ? row.getString(1) : row.getString(2),
                row.getString(3), grantee, name == null ? grantee : name, row.getString(5), row.getString(6),
                row.getOffsetDateTime(7).toInstant());
    }

    static ApiException notFound(String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "no share " + id);
    }

    static ApiException itemNotFound(String itemType, String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "no " + itemType + " " + id);
    }
}
