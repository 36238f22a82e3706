package org.openwopi.storage.container;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every user's top level is a folder of their own, their home, made the first time it is asked for. Homes are the
 * only folders without a parent, so one user's names never meet another's.
 */
@ApplicationScoped
public class HomeFolders {

    static final String HOME_NAME = "Home";

    private final Pool pool;

    HomeFolders(Pool pool) {
        this.pool = pool;
    }

    /** The user's home folder, made when it does not exist yet (two callers racing get the same one). */
    public Uni<ContainerEntity> of(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 256) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a user id of 1 to 256 characters is required");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery("INSERT INTO containers (id, parent_id, name, owner_id, created_at, updated_at, home_of) "
                        + "VALUES ($1, NULL, $2, $3, $4, $4, $3) ON CONFLICT (home_of) WHERE home_of IS NOT NULL DO NOTHING")
                .execute(Tuple.of(UUID.randomUUID().toString(), HOME_NAME, userId, now))
                // A separate statement: one that lost the race to a concurrent insert would not see its row.
                .chain(() -> pool.preparedQuery("SELECT " + FolderQueries.CONTAINER_COLUMNS + " FROM containers WHERE home_of = $1")
                        .execute(Tuple.of(userId)))
                .map(rows -> FolderQueries.container(rows.iterator().next()));
    }
}
