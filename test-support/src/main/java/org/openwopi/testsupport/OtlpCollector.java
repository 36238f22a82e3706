package org.openwopi.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenTelemetry collector for tests: takes the OTLP/HTTP protobuf exports of every service of a test (ours run in
 * processes of their own, so no in-process exporter sees them all) and keeps each span in memory, with its service,
 * parentage and every string it carries, for the test to assert the trace's shape and that nothing secret is in it.
 * Only the parts of the OTLP trace messages a test looks at are decoded; the rest is skipped by wire type.
 */
public final class OtlpCollector implements AutoCloseable {

    /** One exported span; attribute values as text (numbers and booleans too). */
    public record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                                int kind, long startNanos, long endNanos, Map<String, String> attributes,
                                List<String> eventTexts) {

        public static final int KIND_SERVER = 2;
        public static final int KIND_CLIENT = 3;

        public Duration duration() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        /** Every string this span would show a tracing backend: its name, attribute values, event names and values. */
        public List<String> texts() {
            List<String> all = new ArrayList<>();
            all.add(name);
            all.addAll(attributes.values());
            all.addAll(eventTexts);
            return all;
        }
    }

    private final HttpServer server;
    private final List<CollectedSpan> spans = new CopyOnWriteArrayList<>();

    public OtlpCollector() {
        this(0);
    }

    /** On a given loopback port (0: any free one). */
    public OtlpCollector(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::export);
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "otlp-collector");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** The endpoint for {@code quarkus.otel.exporter.otlp.traces.endpoint} (protocol {@code http/protobuf}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The settings that make a Quarkus service send every span here at once. */
    public Map<String, String> exportingEverything() {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", endpoint(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.traces.sampler.arg", "1",
                "quarkus.otel.bsp.schedule.delay", "PT0.05S");
    }

    public List<CollectedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Forgets the spans of one trace (a long-running collector would otherwise keep every span it got). */
    public void forget(String traceId) {
        spans.removeIf(span -> span.traceId().equals(traceId));
    }

    /**
     * Waits until the spans collected satisfy {@code done} (spans arrive in batches, after their requests answered).
     *
     * @throws AssertionError with what did arrive, when they do not within {@code timeout}
     */
    public List<CollectedSpan> await(Predicate<List<CollectedSpan>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<CollectedSpan> now = spans();
            if (done.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder seen = new StringBuilder();
                now.forEach(span -> seen.append("\n  ").append(span.service()).append(": ").append(span.name())
                        .append(" trace ").append(span.traceId()).append(' ').append(span.attributes()));
                throw new AssertionError("the spans expected did not arrive within " + timeout + "; arrived:" + seen);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /**
     * A trace as an indented tree, children in start order, with each span's service, name and duration: what a
     * tracing backend would show. Roots are the spans whose parent is not among {@code trace}.
     */
    public static String tree(List<CollectedSpan> trace) {
        Set<String> ids = new HashSet<>();
        trace.forEach(span -> ids.add(span.spanId()));
        StringBuilder out = new StringBuilder();
        trace.stream().filter(span -> !ids.contains(span.parentSpanId()))
                .sorted(Comparator.comparingLong(CollectedSpan::startNanos))
                .forEach(root -> print(root, trace, 0, out));
        return out.toString();
    }

    private static void print(CollectedSpan span, List<CollectedSpan> trace, int depth, StringBuilder out) {
        out.append("  ".repeat(depth + 1)).append(span.service()).append(": ").append(span.name()).append(' ')
                .append(String.format(Locale.ROOT, "%.1f ms", span.duration().toNanos() / 1e6)).append('\n');
        trace.stream().filter(child -> child.parentSpanId().equals(span.spanId()))
                .sorted(Comparator.comparingLong(CollectedSpan::startNanos))
                .forEach(child -> print(child, trace, depth + 1, out));
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = 200;
            try {
                decodeRequest(body);
            } catch (RuntimeException malformed) {
                System.err.println("OtlpCollector: an export it could not read (" + body.length + " bytes): " + malformed);
                status = 400;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private void decodeRequest(byte[] body) {
        Wire request = new Wire(body);
        while (request.more()) {
            int field = request.tag();
            if (field == 1) {
                decodeResourceSpans(request.message());
            } else {
                request.skip();
            }
        }
    }

    private void decodeResourceSpans(Wire resourceSpans) {
        String service = "?";
        List<Wire> scopes = new ArrayList<>();
        while (resourceSpans.more()) {
            int field = resourceSpans.tag();
            if (field == 1) {
                Wire resource = resourceSpans.message();
                while (resource.more()) {
                    if (resource.tag() == 1) {
                        Map.Entry<String, String> attribute = keyValue(resource.message());
                        if (attribute.getKey().equals("service.name")) {
                            service = attribute.getValue();
                        }
                    } else {
                        resource.skip();
                    }
                }
            } else if (field == 2) {
                scopes.add(resourceSpans.message());
            } else {
                resourceSpans.skip();
            }
        }
        for (Wire scope : scopes) {
            while (scope.more()) {
                if (scope.tag() == 2) {
                    spans.add(span(service, scope.message()));
                } else {
                    scope.skip();
                }
            }
        }
    }

    private static CollectedSpan span(String service, Wire span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> eventTexts = new ArrayList<>();
        while (span.more()) {
            switch (span.tag()) {
                case 1 -> traceId = HexFormat.of().formatHex(span.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(span.bytes());
                case 4 -> parent = HexFormat.of().formatHex(span.bytes());
                case 5 -> name = span.string();
                case 6 -> kind = (int) span.varint();
                case 7 -> start = span.fixed64();
                case 8 -> end = span.fixed64();
                case 9 -> {
                    Map.Entry<String, String> attribute = keyValue(span.message());
                    attributes.put(attribute.getKey(), attribute.getValue());
                }
                case 11 -> {
                    Wire event = span.message();
                    while (event.more()) {
                        switch (event.tag()) {
                            case 2 -> eventTexts.add(event.string());
                            case 3 -> {
                                Map.Entry<String, String> attribute = keyValue(event.message());
                                eventTexts.add(attribute.getKey() + "=" + attribute.getValue());
                            }
                            default -> event.skip();
                        }
                    }
                }
                default -> span.skip();
            }
        }
        return new CollectedSpan(service, traceId, spanId, parent, name, kind, start, end, attributes, eventTexts);
    }

    private static Map.Entry<String, String> keyValue(Wire keyValue) {
        String key = "";
        String value = "";
        while (keyValue.more()) {
            switch (keyValue.tag()) {
                case 1 -> key = keyValue.string();
                case 2 -> value = anyValue(keyValue.message());
                default -> keyValue.skip();
            }
        }
        return Map.entry(key, value);
    }

    private static String anyValue(Wire any) {
        StringBuilder text = new StringBuilder();
        while (any.more()) {
            switch (any.tag()) {
                case 1 -> text.append(any.string());
                case 2 -> text.append(any.varint() != 0);
                case 3 -> text.append(any.varint());
                case 4 -> text.append(Double.longBitsToDouble(any.fixed64()));
                case 5 -> {
                    // An array: its values, comma-separated, so a secret inside one is still seen.
                    Wire array = any.message();
                    List<String> values = new ArrayList<>();
                    while (array.more()) {
                        if (array.tag() == 1) {
                            values.add(anyValue(array.message()));
                        } else {
                            array.skip();
                        }
                    }
                    text.append(String.join(",", values));
                }
                case 7 -> text.append(new String(any.bytes(), StandardCharsets.ISO_8859_1));
                default -> any.skip();
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A reader of protobuf's wire format over one message. */
    private static final class Wire {

        private final byte[] data;
        private int position;
        private final int limit;
        private int wireType;

        Wire(byte[] data) {
            this(data, 0, data.length);
        }

        private Wire(byte[] data, int from, int to) {
            this.data = data;
            this.position = from;
            this.limit = to;
        }

        boolean more() {
            return position < limit;
        }

        /** The next field's number (its wire type kept for the read that follows). */
        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= limit) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = data[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        long fixed64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value |= (long) (data[position++] & 0xff) << (8 * i);
            }
            return value;
        }

        private int length() {
            long length = varint();
            if (length < 0 || position + length > limit) {
                throw new IllegalArgumentException("field longer than its message");
            }
            return (int) length;
        }

        Wire message() {
            int length = length();
            Wire inner = new Wire(data, position, position + length);
            position += length;
            return inner;
        }

        byte[] bytes() {
            int length = length();
            byte[] out = new byte[length];
            System.arraycopy(data, position, out, 0, length);
            position += length;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> {
                    // Not "position += length()": that adds to the position read before the length was.
                    int length = length();
                    position += length;
                }
                case 5 -> position += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }
    }
}
