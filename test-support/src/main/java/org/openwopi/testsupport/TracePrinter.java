package org.openwopi.testsupport;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.openwopi.testsupport.OtlpCollector.CollectedSpan;

/**
 * Traces on a developer machine without a tracing backend: {@code TRACES=1 scripts/local-up.sh} runs this beside the
 * stack and points every service at it. It takes their OTLP/HTTP exports and prints each trace as a tree once no new
 * span of it has arrived for a few seconds.
 *
 * <pre>java -cp test-support/target/test-support-*.jar org.openwopi.testsupport.TracePrinter PORT</pre>
 */
public final class TracePrinter {

    /** Quiet for this long, a trace is taken as complete (local-up.sh has the services send spans every 0.5 s). */
    private static final Duration SETTLED = Duration.ofSeconds(3);

    private TracePrinter() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        PrintStream out = System.out;
        try (OtlpCollector collector = new OtlpCollector(port)) {
            out.println("Collecting OTLP/HTTP spans on " + collector.endpoint() + "; each trace is printed once complete.");
            Map<String, Integer> seen = new HashMap<>();
            Map<String, Instant> changed = new HashMap<>();
            while (true) {
                Thread.sleep(250);
                Map<String, List<CollectedSpan>> traces = collector.spans().stream()
                        .collect(Collectors.groupingBy(CollectedSpan::traceId));
                Instant now = Instant.now();
                traces.forEach((id, spans) -> {
                    if (!Integer.valueOf(spans.size()).equals(seen.put(id, spans.size()))) {
                        changed.put(id, now);
                    } else if (changed.get(id).plus(SETTLED).isBefore(now)) {
                        out.println("trace " + id + " (" + spans.size() + " spans)");
                        out.print(OtlpCollector.tree(spans));
                        out.flush();
                        // Printed once: a span that comes later still is printed on its own.
                        collector.forget(id);
                        seen.remove(id);
                        changed.remove(id);
                    }
                });
            }
        }
    }
}
