package org.openwopi.storage.container;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one rule for names in a folder: no two entries, files or folders, share a name, ignoring case (the unique indexes
 * back it per kind; this check covers the two kinds together and gives the 409 its reason).
 */
@ApplicationScoped
public class FolderNames {

    /**
     * The rule as one query, for use on its own or inside a caller's statement or transaction: {@code $1} the folder's
     * id, {@code $2} the name, {@code $3} the id of the entry being renamed ({@code ''}: none).
     * Answers {@code folder_found} (the folder exists) and {@code taken} (another entry in it has the name).
     */
    public static final String CHECK = "SELECT EXISTS (SELECT 1 FROM containers WHERE id = $1) AS folder_found, "
            + "(EXISTS (SELECT 1 FROM files WHERE container_id = $1 AND lower(name) = lower($2) AND id <> $3) "
            + "OR EXISTS (SELECT 1 FROM containers WHERE parent_id = $1 AND lower(name) = lower($2) AND id <> $3)) AS taken";

    private final Pool pool;

    FolderNames(Pool pool) {
        this.pool = pool;
    }

    /** The 409 for a name that is taken in its folder. */
    public static ApiException taken(String name) {
        return new ApiException(ErrorCode.CONFLICT, "\"" + name + "\" already exists in this folder", Map.of("reason", "name-taken"));
    }

    /**
     * 409 when {@code name} is taken in the folder, apart from the entry being renamed.
     *
     * @param exceptId the id of the file or folder being renamed, or null
     */
    public Uni<Void> ensureFree(String folderId, String name, String exceptId) {
        return pool.preparedQuery(CHECK)
                .execute(Tuple.of(folderId, name, exceptId == null ? "" : exceptId))
                .invoke(rows -> {
                    if (rows.iterator().next().getBoolean("taken")) {
                        throw taken(name);
                    }
                })
                .replaceWithVoid();
    }
}
