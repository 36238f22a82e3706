package org.openwopi.storage.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.config.StorageConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * The activities WOPI clients report inside documents (comments made, changed or deleted, and the people they name),
 * kept per file in plain SQL, newest first. A file keeps at most {@code storage.activities.max-per-file}: the oldest
 * go as new ones come, so no editor can fill the database through one document.
 */
@ApplicationScoped
public class Activities {

    public static final int MAX_PER_REQUEST = 100;
    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_CONTENT_ID_LENGTH = 1024;
    public static final int MAX_COMMENT_LENGTH = 8192;
    public static final int MAX_PEOPLE = 64;
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final Pool pool;
    private final int maxPerFile;

    Activities(Pool pool, StorageConfig config) {
        this.pool = pool;
        this.maxPerFile = config.activities().maxPerFile();
    }

    /** A person an activity names, as the client described them. */
    public record Person(String name, String id, String provider, boolean mentioned, boolean inThread, boolean repliedTo) {
    }

    /** One activity as a client reported it ({@code clientTime}: its timestamp, kept as sent). */
    public record Activity(String id, String type, String contentId, String contentAction, String navigationId,
                           String commentText, boolean isReply, List<Person> people, String clientTime) {
    }

    /** An activity as stored: who reported it, and when it arrived. */
    public record Recorded(long seq, String id, String type, String userId, String contentId, String contentAction,
                           String navigationId, String commentText, boolean isReply, List<Person> people,
                           String clientTime, Instant recordedAt) {
    }

    /** A page of a file's activities, newest first; {@code next} goes back further, null at the oldest. */
    public record Page(List<Recorded> activities, String next) {
    }

    /**
     * Records the activities {@code userId}'s client reported on the file, in one transaction; one whose id the file
     * already has is kept once. 404 when the file does not exist.
     *
     * @return how many were new
     */
    public Uni<Integer> add(String fileId, String userId, List<Activity> activities) {
        if (activities == null || activities.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        if (activities.size() > MAX_PER_REQUEST) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "at most " + MAX_PER_REQUEST + " activities per request");
        }
        if (userId == null || userId.isBlank() || userId.length() > MAX_ID_LENGTH) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "userId is required");
        }
        List<Tuple> rows = new ArrayList<>();
        for (Activity activity : activities) {
            rows.add(Tuple.tuple(List.of(fileId, valid(activity).id(), activity.type(), userId, activity.contentId(),
                            activity.contentAction()))
                    .addString(activity.navigationId()).addString(activity.commentText()).addBoolean(activity.isReply())
                    .addString(people(activity.people()).encode()).addString(activity.clientTime()));
        }
        return pool.withTransaction(connection -> connection.preparedQuery(
                        "INSERT INTO file_activities (file_id, activity_id, type, user_id, content_id, content_action, "
                                + "navigation_id, comment_text, is_reply, people, client_time) "
                                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) "
                                + "ON CONFLICT (file_id, activity_id) DO NOTHING")
                .executeBatch(rows)
                .flatMap(inserted -> {
                    int added = 0;
                    for (var result = inserted; result != null; result = result.next()) {
                        added += result.rowCount();
                    }
                    int count = added;
                    // The oldest beyond the file's allowance go in the same transaction.
                    return connection.preparedQuery("DELETE FROM file_activities WHERE file_id = $1 AND seq <= "
                                    + "(SELECT seq FROM file_activities WHERE file_id = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)")
                            .execute(Tuple.of(fileId, maxPerFile)).map(ignored -> count);
                }))
                .onFailure(PgException.class).transform(failure -> FOREIGN_KEY_VIOLATION.equals(((PgException) failure).getSqlState())
                        ? new ApiException(ErrorCode.NOT_FOUND, "no such file") : failure);
    }

    /** The file's activities, newest first, {@code limit} at a time, before the page cursor {@code before} when given. */
    public Uni<Page> of(String fileId, String before, int limit) {
        long cursor;
        try {
            cursor = before == null || before.isEmpty() ? Long.MAX_VALUE : Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "before must be the next value of an activity page");
        }
        return pool.preparedQuery("SELECT seq, activity_id, type, user_id, content_id, content_action, navigation_id, "
                        + "comment_text, is_reply, people, client_time, recorded_at FROM file_activities "
                        + "WHERE file_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3")
                .execute(Tuple.of(fileId, cursor, limit + 1))
                .map(rows -> {
                    List<Recorded> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(recorded(row));
                    }
                    String next = null;
                    if (page.size() > limit) {
                        page = page.subList(0, limit);
                        next = Long.toString(page.get(limit - 1).seq());
                    }
                    return new Page(List.copyOf(page), next);
                });
    }

    private static Activity valid(Activity activity) {
        if (activity == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "an activity is null");
        }
        text("id", activity.id(), MAX_ID_LENGTH, true);
        text("type", activity.type(), 32, true);
        text("contentId", activity.contentId(), MAX_CONTENT_ID_LENGTH, true);
        if (!List.of("created", "updated", "deleted").contains(activity.contentAction())) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "contentAction must be created, updated or deleted");
        }
        text("navigationId", activity.navigationId(), MAX_CONTENT_ID_LENGTH, false);
        text("commentText", activity.commentText(), MAX_COMMENT_LENGTH, false);
        text("clientTime", activity.clientTime(), 64, false);
        if (activity.people() != null && activity.people().size() > MAX_PEOPLE) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "at most " + MAX_PEOPLE + " people per activity");
        }
        return activity;
    }

    private static void text(String what, String value, int max, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new ApiException(ErrorCode.BAD_REQUEST, what + " is required");
            }
            return;
        }
        if (value.length() > max) {
            throw new ApiException(ErrorCode.BAD_REQUEST, what + " is longer than " + max + " characters");
        }
    }

    private static JsonArray people(List<Person> people) {
        JsonArray array = new JsonArray();
        if (people != null) {
            for (Person person : people) {
                if (person == null) {
                    continue;
                }
                text("a person's name", person.name(), MAX_ID_LENGTH, false);
                text("a person's id", person.id(), MAX_ID_LENGTH, false);
                text("a person's provider", person.provider(), MAX_ID_LENGTH, false);
                array.add(new io.vertx.core.json.JsonObject().put("name", person.name()).put("id", person.id())
                        .put("provider", person.provider()).put("mentioned", person.mentioned())
                        .put("inThread", person.inThread()).put("repliedTo", person.repliedTo()));
            }
        }
        return array;
    }

    private static Recorded recorded(Row row) {
        List<Person> people = new ArrayList<>();
        Object json = row.getValue("people");
        JsonArray array = json instanceof JsonArray a ? a : new JsonArray(String.valueOf(json));
        for (int i = 0; i < array.size(); i++) {
            var person = array.getJsonObject(i);
            people.add(new Person(person.getString("name"), person.getString("id"), person.getString("provider"),
                    person.getBoolean("mentioned", false), person.getBoolean("inThread", false),
                    person.getBoolean("repliedTo", false)));
        }
        return new Recorded(row.getLong("seq"), row.getString("activity_id"), row.getString("type"),
                row.getString("user_id"), row.getString("content_id"), row.getString("content_action"),
                row.getString("navigation_id"), row.getString("comment_text"), row.getBoolean("is_reply"),
                List.copyOf(people), row.getString("client_time"), row.getOffsetDateTime("recorded_at").toInstant());
    }
}
