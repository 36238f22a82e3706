package org.openwopi.storage.sweep;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.openwopi.storage.blob.BlobStore;
import org.openwopi.storage.config.StorageConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Removes blobs no version refers to: uploads that never committed (cut off, refused, crashed) once older than the
 * grace period, and the blobs of deleted files at once; and what unfinished writes left in the blob store.
 */
@ApplicationScoped
public class SweepService {

    private static final Logger LOG = Logger.getLogger(SweepService.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final BlobStore blobs;
    private final StorageConfig config;

    private final org.openwopi.storage.unsaved.UnsavedChanges unsaved;

    private final org.openwopi.storage.audit.AuditEvents audit;

    /** Passes that failed: what the chart's SweepFailing alert watches (leftover blobs pile up meanwhile). */
    private final Counter failures;

    SweepService(Pool pool, BlobStore blobs, StorageConfig config, org.openwopi.storage.unsaved.UnsavedChanges unsaved,
                 org.openwopi.storage.audit.AuditEvents audit, MeterRegistry metrics) {
        this.audit = audit;
        this.failures = Counter.builder("storage.sweep.failures")
                .description("Sweep passes that failed (unreferenced blobs, expired unsaved changes and audit events stay)")
                .register(metrics);
        this.unsaved = unsaved;
        this.pool = pool;
        this.blobs = blobs;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        // In the background: a slow blob store must not delay readiness.
        sweep().subscribe().with(ignored -> { }, failure -> LOG.warnf(
                "Start-up sweep failed (it runs again every %s): %s", config.sweep().interval(), failure.getMessage()));
    }

    @Scheduled(every = "${storage.sweep.interval:PT15M}", delayed = "${storage.sweep.interval:PT15M}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledSweep() {
        return sweep().replaceWithVoid();
    }

    /**
     * One pass: the blob store's own leftovers, then the intents due, a batch at a time; blob I/O runs on worker
     * threads, the database steps on an event loop, and no thread waits for either. Answers how many were removed.
     */
    public Uni<Integer> sweep() {
        Instant cutoff = Instant.now().minus(config.sweep().grace());
        // Unsaved changes past their retention go first: their blobs join this pass's intents (a database trigger).
        return unsaved.expire(Instant.now().minus(config.unsaved().retention()))
                // Audit events past storage.audit.retention: rows only, no blobs.
                .chain(() -> audit.expire(Instant.now().minus(config.audit().retention())))
                .chain(() -> blocking(() -> blobs.sweepUnfinished(cutoff)))
                .chain(unfinished -> sweepIntents(cutoff, unfinished))
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.infof("Sweep removed %d unreferenced blobs or unfinished uploads", removed);
                    }
                })
                .onFailure().invoke(failure -> failures.increment());
    }

    private Uni<Integer> sweepIntents(Instant cutoff, int removedSoFar) {
        return dueIntents(cutoff).chain(keys -> {
            if (keys.isEmpty()) {
                return Uni.createFrom().item(removedSoFar);
            }
            return blocking(() -> {
                for (String key : keys) {
                    blobs.delete(key);
                }
                return keys.size();
            })
                    .chain(() -> pool.preparedQuery("DELETE FROM blob_intents WHERE blob_key = ANY($1)")
                            .execute(Tuple.of(keys.toArray(new String[0]))))
                    .chain(() -> keys.size() == BATCH
                            ? sweepIntents(cutoff, removedSoFar + keys.size())
                            : Uni.createFrom().item(removedSoFar + keys.size()));
        });
    }

    private interface BlobWork<T> {
        T run() throws IOException;
    }

    private static <T> Uni<T> blocking(BlobWork<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.run();
            } catch (IOException e) {
                throw new IllegalStateException("blob store: " + e.getMessage(), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<List<String>> dueIntents(Instant cutoff) {
        return pool.preparedQuery("SELECT blob_key FROM blob_intents WHERE created_at < $1 ORDER BY created_at LIMIT $2")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), BATCH))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(row.getString(0)));
                    return keys;
                });
    }
}
