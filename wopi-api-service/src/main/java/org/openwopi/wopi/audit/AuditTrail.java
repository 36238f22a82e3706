package org.openwopi.wopi.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.AuditEvent;
import org.openwopi.wopi.config.WopiConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Where every audited action is recorded. Recording only puts the event in a bounded queue (it never waits, never
 * fails the user's operation); a timer sends what waits to storage-service in batches. When storage-service cannot
 * take them, they stay queued for the next flush; when the queue is full, new events are dropped and counted
 * ({@code wopi_audit_dropped_total}), and a warning is logged at most once a minute.
 */
@ApplicationScoped
public class AuditTrail {

    static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final Logger EXPORT = Logger.getLogger("openwopi.audit");

    private final BlockingQueue<AuditEvent> waiting;
    private final StorageClient storage;
    private final boolean export;
    private final ObjectMapper json;
    private final Counter dropped;
    private final java.time.Duration flushInterval;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicLong lastWarning = new AtomicLong();
    /**
     * Starts a flush now, on the event loop, when a batch is ready before the timer comes: at 20,000 events a second
     * the timer alone would let the queue overflow between two flushes. Set at start-up.
     */
    private volatile Runnable flushEarly = () -> { };
    /** One early flush asked at a time, and none while storage-service refuses: the timer's pace is the retry's. */
    private final AtomicBoolean earlyAsked = new AtomicBoolean();
    private volatile boolean lastFlushFailed;
    /** How many waiting events ask for an early flush: a batch, or half the queue when that is smaller. */
    private final int earlyAt;

    AuditTrail(WopiConfig config, StorageClient storage, ObjectMapper json, MeterRegistry registry) {
        this.waiting = new ArrayBlockingQueue<>(config.audit().queueSize());
        this.earlyAt = Math.max(1, Math.min(BATCH, config.audit().queueSize() / 2));
        this.storage = storage;
        this.export = config.audit().log();
        this.flushInterval = config.audit().flushInterval();
        this.json = json;
        this.dropped = Counter.builder("wopi.audit.dropped").description("audit events dropped: the queue was full")
                .register(registry);
        registry.gauge("wopi.audit.waiting", waiting, BlockingQueue::size);
    }

    /** Records the event; returns at once whatever happens to it later. */
    public void record(AuditEvent event) {
        if (export) {
            try {
                EXPORT.info(json.writeValueAsString(event));
            } catch (JsonProcessingException e) {
                LOG.debugf("An audit event could not be written as JSON: %s", e.getMessage());
            }
        }
        if (!waiting.offer(event)) {
            dropped.increment();
            long now = System.currentTimeMillis();
            long last = lastWarning.get();
            if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
                LOG.warnf("Audit queue full (%d events waiting for storage-service): new events are dropped",
                        waiting.size());
            }
        } else if (!lastFlushFailed && waiting.size() >= earlyAt && !flushing.get() && earlyAsked.compareAndSet(false, true)) {
            flushEarly.run();
        }
    }

    /** An action on a file by someone, through the user API (no WOPI client) or a WOPI client. */
    public void file(String userId, String action, String fileId, String client, String correlationId, String detail) {
        record(new AuditEvent(Instant.now(), userId, action, "file", fileId, fileId, client, correlationId, detail));
    }

    /** An action on a folder. */
    public void folder(String userId, String action, String folderId, String client, String correlationId, String detail) {
        record(new AuditEvent(Instant.now(), userId, action, "folder", folderId, null, client, correlationId, detail));
    }

    /** A share given, changed or taken back; {@code fileId} when it shares a file. */
    public void share(String userId, String action, String shareId, String fileId, String detail) {
        record(new AuditEvent(Instant.now(), userId, action, "share", shareId, fileId, null, null, detail));
    }

    /** How many events wait to be sent. */
    public int waiting() {
        return waiting.size();
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        Runnable flushNow = () -> flush().subscribe().with(ignored -> { },
                failure -> LOG.debugf("Audit flush failed: %s", failure.getMessage()));
        vertx.setPeriodic(flushInterval.toMillis(), timer -> flushNow.run());
        flushEarly(() -> vertx.runOnContext(ignored -> flushNow.run()));
    }

    /** What starts a flush before the timer's next turn (the service's event loop; a benchmark's own thread). */
    void flushEarly(Runnable start) {
        this.flushEarly = start;
    }

    /** What waits when the service stops is sent if storage-service answers within a few seconds. */
    void onStop(@Observes ShutdownEvent event) {
        flush().await().atMost(java.time.Duration.ofSeconds(5));
    }

    /** Sends what waits, a batch at a time, until nothing waits or storage-service refuses. */
    public Uni<Void> flush() {
        if (!flushing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        earlyAsked.set(false);
        return sendAll().eventually(() -> flushing.set(false));
    }

    private Uni<Void> sendAll() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        waiting.drainTo(batch, BATCH);
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return storage.appendAudit(batch)
                .onFailure().invoke(failure -> {
                    // Back in the queue for the next flush, as far as it has room.
                    int lost = 0;
                    for (AuditEvent event : batch) {
                        if (!waiting.offer(event)) {
                            lost++;
                        }
                    }
                    dropped.increment(lost);
                    lastFlushFailed = true;
                    LOG.debugf("Audit events not sent (%s); %d wait", failure.getMessage(), waiting.size());
                })
                .invoke(sent -> lastFlushFailed = false)
                .onFailure().recoverWithNull()
                .flatMap(sent -> sent == null || batch.size() < BATCH ? Uni.createFrom().voidItem() : sendAll());
    }
}
