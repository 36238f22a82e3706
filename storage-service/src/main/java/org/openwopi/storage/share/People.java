package org.openwopi.storage.share;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The people who have signed in, as their identity provider last described them: shares may name only them and their
 * groups, and the groups recorded here are the ones every access check uses (WOPI calls carry no OIDC token).
 */
@ApplicationScoped
public class People {

    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_GROUPS = 256;

    private final Pool pool;

    People(Pool pool) {
        this.pool = pool;
    }

    public record Person(String id, String displayName, List<String> groups, Instant seenAt) {
    }

    /** Records the person as they are now (their name and groups replace what was known). */
    public Uni<Person> saw(String id, String displayName, List<String> groups) {
        validName("user id", id);
        // No name (a directory's update of the groups alone) keeps the one a sign-in told, or the id for a newcomer.
        String name = displayName == null || displayName.isBlank() ? null : displayName;
        if (name != null && name.length() > MAX_ID_LENGTH) {
            name = name.substring(0, MAX_ID_LENGTH);
        }
        List<String> known = groups == null ? List.of() : groups.stream().distinct().sorted().toList();
        if (known.size() > MAX_GROUPS) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "at most " + MAX_GROUPS + " groups per person");
        }
        known.forEach(group -> validName("group", group));
        return pool.preparedQuery("INSERT INTO people (id, display_name, groups, seen_at) VALUES ($1, COALESCE($2::text, $1), $3, now()) "
                        + "ON CONFLICT (id) DO UPDATE SET display_name = COALESCE($2::text, people.display_name), groups = EXCLUDED.groups, "
                        + "seen_at = EXCLUDED.seen_at RETURNING id, display_name, groups, seen_at")
                .execute(Tuple.of(id, name, known.toArray(String[]::new)))
                .map(rows -> person(rows.iterator().next()));
    }

    /** The person, or 404 when they never signed in here. */
    public Uni<Person> get(String id) {
        return pool.preparedQuery("SELECT id, display_name, groups, seen_at FROM people WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ApiException(ErrorCode.NOT_FOUND, "nobody called " + id + " has signed in here");
                    }
                    return person(rows.iterator().next());
                });
    }

    /** Whether anyone who signed in belongs to the group. */
    public Uni<Boolean> groupKnown(String group) {
        return pool.preparedQuery("SELECT 1 FROM people WHERE groups @> ARRAY[$1]::text[] LIMIT 1").execute(Tuple.of(group))
                .map(rows -> rows.size() > 0);
    }

    static void validName(String what, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a " + what + " is 1 to " + MAX_ID_LENGTH
                    + " characters without control characters");
        }
    }

    private static Person person(Row row) {
        return new Person(row.getString(0), row.getString(1), Arrays.asList(row.getArrayOfStrings(2)),
                row.getOffsetDateTime(3).toInstant());
    }
}
