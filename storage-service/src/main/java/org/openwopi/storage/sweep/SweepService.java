package org.openwopi.storage.sweep;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.openwopi.storage.blob.BlobStore;
import org.openwopi.storage.common.Await;
import org.openwopi.storage.config.StorageConfig;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;

/**
 * Removes blobs no version refers to: uploads that never committed (cut off, refused, crashed) once older than the
 * grace period, and the blobs of deleted files at once; and what unfinished writes left in the blob store.
 */
@ApplicationScoped
public class SweepService {

    private static final Logger LOG = Logger.getLogger(SweepService.class);
    private static final int BATCH = 500;

    private final BlobIntentRepository intents;
    private final BlobStore blobs;
    private final StorageConfig config;

    SweepService(BlobIntentRepository intents, BlobStore blobs, StorageConfig config) {
        this.intents = intents;
        this.blobs = blobs;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        // Off the start-up path: a slow blob store must not delay readiness.
        Thread thread = new Thread(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warnf("Start-up sweep failed (it runs again every %s): %s", config.sweep().interval(), e.getMessage());
            }
        }, "startup-sweep");
        thread.setDaemon(true);
        thread.start();
    }

    @Scheduled(every = "${storage.sweep.interval:PT15M}", delayed = "${storage.sweep.interval:PT15M}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Blocking
    void scheduledSweep() {
        sweep();
    }

    /** One pass; returns the number of blobs and unfinished uploads removed. */
    public int sweep() {
        Instant cutoff = Instant.now().minus(config.sweep().grace());
        int removed = 0;
        try {
            removed += blobs.sweepUnfinished(cutoff);
            List<BlobIntentEntity> due;
            do {
                due = Await.on(() -> Panache.withSession(() -> intents.find("createdAt < ?1", cutoff).range(0, BATCH - 1).list()));
                for (BlobIntentEntity intent : due) {
                    blobs.delete(intent.blobKey);
                    Await.on(() -> Panache.withTransaction(() -> intents.deleteById(intent.blobKey)));
                    removed++;
                }
            } while (due.size() == BATCH);
        } catch (IOException e) {
            throw new IllegalStateException("blob store: " + e.getMessage(), e);
        }
        if (removed > 0) {
            LOG.infof("Sweep removed %d unreferenced blobs or unfinished uploads", removed);
        }
        return removed;
    }
}
