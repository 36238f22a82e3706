package org.openwopi.wopi.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.openwopi.wopi.clients.StorageClient.AuditEvent;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.support.TestWopiConfig;
import org.openwopi.wopi.support.UnusedStorage;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * What recording an audit event costs the request that records it ({@code bench/audit.sh}; a program that prints
 * numbers, not a test): threads record events at a steady rate (20,000 a second in all by default, far above what
 * one wopi-api-service pod answers) while a flusher sends them every second, as the service's timer does, to a
 * storage-service that takes them at once, takes 200 ms per batch of 500 (2,500 events a second: the queue fills and
 * new events are dropped), or is down. Prints p50, p99, p99.9 and the worst call per case. The goal: p99 of at most
 * 1 ms in every case.
 */
public final class AuditRecordBench {

    private static final int SAMPLES_PER_THREAD = 2_000_000;

    private AuditRecordBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(System.getProperty("threads", "2"));
        int rate = Integer.parseInt(System.getProperty("rate", "20000"));
        Duration each = Duration.ofSeconds(Long.parseLong(System.getProperty("seconds", "5")));
        System.out.printf(Locale.ROOT, "%d threads recording %d events/s in all, %d s per case%n", threads, rate,
                each.toSeconds());
        System.out.printf(Locale.ROOT, "%-34s %10s %9s %9s %9s %9s %9s%n", "storage-service", "events/s", "p50 µs",
                "p99 µs", "p99.9 µs", "max µs", "dropped");
        for (String mode : List.of("takes every batch", "takes 200 ms per batch", "down")) {
            run(mode, threads, rate, each);
        }
        // Mutiny's delay scheduler keeps a thread that would hold the JVM open.
        System.exit(0);
    }

    private static void run(String mode, int threads, int rate, Duration each) throws Exception {
        AtomicLong stored = new AtomicLong();
        UnusedStorage storage = new UnusedStorage() {
            @Override
            public Uni<Integer> appendAudit(List<AuditEvent> events) {
                return switch (mode) {
                    case "down" -> Uni.createFrom().failure(new IllegalStateException("storage-service is down"));
                    case "takes 200 ms per batch" -> Uni.createFrom().item(events.size())
                            .onItem().delayIt().by(Duration.ofMillis(200)).invoke(stored::addAndGet);
                    default -> Uni.createFrom().item(events.size()).invoke(stored::addAndGet);
                };
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(new DefaultQueue(), storage, new ObjectMapper(), registry);
        // The service starts early flushes on its event loop; here, on a thread of their own.
        java.util.concurrent.ExecutorService early = java.util.concurrent.Executors.newSingleThreadExecutor();
        trail.flushEarly(() -> early.execute(() -> trail.flush().await().atMost(Duration.ofSeconds(30))));
        long end = System.nanoTime() + each.toNanos();
        Thread flusher = new Thread(() -> {
            while (System.nanoTime() < end) {
                trail.flush().await().atMost(Duration.ofSeconds(30));
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        flusher.start();
        List<long[]> samples = new ArrayList<>();
        List<Thread> recorders = new ArrayList<>();
        int[] counts = new int[threads];
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[SAMPLES_PER_THREAD];
            samples.add(mine);
            int index = t;
            long interval = 1_000_000_000L * threads / rate;
            Thread recorder = new Thread(() -> {
                int n = 0;
                long next = System.nanoTime();
                while (System.nanoTime() < end && n < mine.length) {
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long started = System.nanoTime();
                    trail.record(new AuditEvent(Instant.now(), "user-" + index, "save", "file", "f" + n, "f" + n,
                            "office", "correlation", "version " + n));
                    mine[n++] = System.nanoTime() - started;
                }
                counts[index] = n;
            });
            recorders.add(recorder);
            recorder.start();
        }
        for (Thread recorder : recorders) {
            recorder.join();
        }
        flusher.join();
        early.shutdown();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        double dropped = registry.get("wopi.audit.dropped").counter().count();
        System.out.printf(Locale.ROOT, "%-34s %10.0f %9.2f %9.2f %9.2f %9.0f %9.0f%n", mode, total / (double) each.toSeconds(),
                micros(all, 0.50), micros(all, 0.99), micros(all, 0.999), all[all.length - 1] / 1000.0, dropped);
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1000.0;
    }

    /** The service's defaults: a queue of 10,000 events. */
    private static final class DefaultQueue extends TestWopiConfig {

        DefaultQueue() {
            super(false, Duration.ofHours(1));
        }

        @Override
        public WopiConfig.Audit audit() {
            WopiConfig.Audit small = super.audit();
            return new WopiConfig.Audit() {
                @Override
                public int queueSize() {
                    return 10_000;
                }

                @Override
                public Duration flushInterval() {
                    return small.flushInterval();
                }

                @Override
                public boolean log() {
                    return false;
                }
            };
        }
    }
}
