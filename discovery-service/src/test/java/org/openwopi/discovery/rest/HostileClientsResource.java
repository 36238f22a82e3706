package org.openwopi.discovery.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.openwopi.discovery.Fixtures;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WOPI clients that misbehave: "huge" streams an endless chunked answer (bounded here at 64 MiB), "declared" announces
 * 512 MiB, "moved" redirects to a valid document elsewhere. {@link #SENT} counts what "huge" managed to send.
 */
public class HostileClientsResource implements QuarkusTestResourceLifecycleManager {

    public static final AtomicLong SENT = new AtomicLong();
    static final long HUGE_LIMIT = 64L * 1024 * 1024;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/huge/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "<x>".repeat(21_000).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                while (SENT.get() < HUGE_LIMIT) {
                    out.write(chunk);
                    SENT.addAndGet(chunk.length);
                }
            } catch (IOException cutOff) {
                // The reader hung up: what this test expects.
            }
            exchange.close();
        });
        server.createContext("/declared/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, 512L * 1024 * 1024);
            exchange.close();
        });
        server.createContext("/target/", exchange -> {
            byte[] body = Fixtures.read("validator.xml").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/moved/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/target/discovery");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "discovery.clients.huge.url", base + "/huge/hosting/discovery",
                "discovery.clients.declared.url", base + "/declared/hosting/discovery",
                "discovery.clients.moved.url", base + "/moved/hosting/discovery",
                "discovery.default-client", "moved",
                "discovery.max-document-bytes", "1000000",
                "discovery.check-interval", "PT1H");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
