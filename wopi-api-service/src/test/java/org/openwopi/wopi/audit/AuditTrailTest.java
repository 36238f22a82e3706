package org.openwopi.wopi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.clients.StorageClient.AuditEvent;
import org.openwopi.wopi.support.TestWopiConfig;
import org.openwopi.wopi.support.UnusedStorage;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

class AuditTrailTest {

    /** storage-service as the trail sees it: up or down at will, keeping what it was sent. */
    static final class Storage extends UnusedStorage {
        final List<AuditEvent> kept = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public Uni<Integer> appendAudit(List<AuditEvent> events) {
            if (down.get()) {
                return Uni.createFrom().failure(new IllegalStateException("storage-service is down"));
            }
            kept.addAll(events);
            return Uni.createFrom().item(events.size());
        }
    }

    private static AuditEvent event(int n) {
        return new AuditEvent(Instant.now(), "alice", "save", "file", "f" + n, "f" + n, null, null, "version " + n);
    }

    @Test
    void aFullQueueDropsAndCountsNewEventsWithoutWaiting() {
        Storage storage = new Storage();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(new TestWopiConfig(false, java.time.Duration.ofHours(1)), storage, new ObjectMapper(), registry);

        for (int i = 0; i < 130; i++) {
            trail.record(event(i)); // the queue holds 100: the last 30 are dropped, and nothing blocks
        }

        assertThat(trail.waiting()).isEqualTo(100);
        assertThat(registry.get("wopi.audit.dropped").counter().count()).isEqualTo(30.0);
        trail.flush().await().indefinitely();
        assertThat(storage.kept).hasSize(100).first().extracting(AuditEvent::itemId).isEqualTo("f0");
        assertThat(trail.waiting()).isZero();
    }

    @Test
    void eventsWaitWhileStorageServiceIsDownAndArriveInOrderWhenItIsBack() {
        Storage storage = new Storage();
        AuditTrail trail = new AuditTrail(new TestWopiConfig(false, java.time.Duration.ofHours(1)), storage, new ObjectMapper(), new SimpleMeterRegistry());
        storage.down.set(true);
        trail.record(event(1));
        trail.record(event(2));

        trail.flush().await().indefinitely();
        assertThat(storage.kept).isEmpty();
        assertThat(trail.waiting()).isEqualTo(2);
        storage.down.set(false);
        trail.flush().await().indefinitely();

        assertThat(storage.kept).extracting(AuditEvent::itemId).containsExactly("f1", "f2");
    }

    @Test
    void aReadyBatchIsSentBeforeTheTimerComesButNotWhileStorageServiceRefuses() {
        Storage storage = new Storage();
        AuditTrail trail = new AuditTrail(new TestWopiConfig(false, java.time.Duration.ofHours(1)), storage, new ObjectMapper(), new SimpleMeterRegistry());
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        trail.flushEarly(asked::incrementAndGet);

        for (int i = 0; i < 49; i++) {
            trail.record(event(i));
        }
        assertThat(asked).hasValue(0);
        trail.record(event(49)); // half the queue of 100: a batch is ready
        trail.record(event(50));
        assertThat(asked).hasValue(1); // asked once, not once per event

        storage.down.set(true);
        trail.flush().await().indefinitely();
        for (int i = 0; i < 10; i++) {
            trail.record(event(100 + i));
        }
        assertThat(asked).as("no early flush while storage-service refuses: the timer retries").hasValue(1);
        storage.down.set(false);
        trail.flush().await().indefinitely();
        for (int i = 0; i < 50; i++) {
            trail.record(event(200 + i));
        }
        assertThat(asked).hasValue(2);
    }
}
