package org.openwopi.storage.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit trail, in plain SQL: events are appended in batches (wopi-api-service sends them asynchronously) and read
 * newest first by keyset, filtered by file, user and time. Nothing here decides who may read them.
 */
@ApplicationScoped
public class AuditEvents {

    public static final int MAX_PER_REQUEST = 500;
    static final Set<String> ITEM_TYPES = Set.of("file", "folder", "share");

    private final Pool pool;

    AuditEvents(Pool pool) {
        this.pool = pool;
    }

    /** One event as recorded: {@code fileId} is the document it concerns (also for a share of it), when any. */
    public record Event(Instant at, String userId, String action, String itemType, String itemId, String fileId,
                        String client, String correlationId, String detail) {
    }

    public record Recorded(long seq, Instant at, String userId, String action, String itemType, String itemId,
                           String fileId, String client, String correlationId, String detail) {
    }

    /** A page, newest first; {@code next} is the {@code before} of the next (older) page, null at the oldest. */
    public record Page(List<Recorded> events, String next) {
    }

    /** What to read: each filter is optional. */
    public record Filter(String fileId, String userId, Instant from, Instant to) {
    }

    /** Appends the events in one statement; answers how many. */
    public Uni<Integer> append(List<Event> events) {
        if (events == null || events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        if (events.size() > MAX_PER_REQUEST) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "at most " + MAX_PER_REQUEST + " events per request");
        }
        List<Tuple> rows = new ArrayList<>();
        for (Event event : events) {
            valid(event);
            rows.add(Tuple.tuple().addOffsetDateTime(OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC))
                    .addString(event.userId()).addString(event.action()).addString(event.itemType())
                    .addString(event.itemId()).addString(event.fileId()).addString(event.client())
                    .addString(event.correlationId()).addString(event.detail()));
        }
        return pool.preparedQuery("INSERT INTO audit_events (at, user_id, action, item_type, item_id, file_id, client, "
                        + "correlation_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .executeBatch(rows).map(ignored -> rows.size());
    }

    public Uni<Page> read(Filter filter, String before, int limit) {
        long cursor;
        try {
            cursor = before == null || before.isEmpty() ? Long.MAX_VALUE : Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "before must be the next value of an audit page");
        }
        Tuple args = Tuple.tuple().addLong(cursor).addString(filter.fileId()).addString(filter.userId())
                .addOffsetDateTime(at(filter.from())).addOffsetDateTime(at(filter.to())).addInteger(limit + 1);
        return pool.preparedQuery("SELECT seq, at, user_id, action, item_type, item_id, file_id, client, correlation_id, "
                        + "detail FROM audit_events WHERE seq < $1 AND ($2::varchar IS NULL OR file_id = $2) "
                        + "AND ($3::varchar IS NULL OR user_id = $3) AND ($4::timestamptz IS NULL OR at >= $4) "
                        + "AND ($5::timestamptz IS NULL OR at < $5) ORDER BY seq DESC LIMIT $6")
                .execute(args)
                .map(rows -> {
                    List<Recorded> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(new Recorded(row.getLong(0), row.getOffsetDateTime(1).toInstant(), row.getString(2),
                                row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                                row.getString(8), row.getString(9)));
                    }
                    String next = null;
                    if (page.size() > limit) {
                        page = page.subList(0, limit);
                        next = Long.toString(page.get(limit - 1).seq());
                    }
                    return new Page(List.copyOf(page), next);
                });
    }

    /** The retention sweep: events older than {@code cutoff} go, a bounded batch per statement. */
    public Uni<Integer> expire(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events WHERE at < $1 "
                        + "ORDER BY seq LIMIT 10000)")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static void valid(Event event) {
        if (event == null || event.at() == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "an event needs its time (at)");
        }
        text("userId", event.userId(), 256, true);
        text("action", event.action(), 32, true);
        if (!ITEM_TYPES.contains(event.itemType())) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "itemType must be one of " + ITEM_TYPES);
        }
        text("itemId", event.itemId(), 64, true);
        text("fileId", event.fileId(), 64, false);
        text("client", event.client(), 64, false);
        text("correlationId", event.correlationId(), 128, false);
        text("detail", event.detail(), 1024, false);
    }

    private static void text(String name, String value, int max, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new ApiException(ErrorCode.BAD_REQUEST, name + " is required");
            }
            return;
        }
        if (value.length() > max) {
            throw new ApiException(ErrorCode.BAD_REQUEST, name + " is longer than " + max + " characters");
        }
    }
}
