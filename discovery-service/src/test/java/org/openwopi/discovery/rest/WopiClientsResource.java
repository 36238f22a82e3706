package org.openwopi.discovery.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.openwopi.discovery.Fixtures;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Two WOPI clients on one loopback HTTP server: "office" serves the validator's discovery document, "collabora" a
 * Collabora-style one. Tests make either answer another status and count the fetches each received.
 */
public class WopiClientsResource implements QuarkusTestResourceLifecycleManager {

    /** Status by client name; absent means 200 with the document. */
    public static final Map<String, Integer> STATUS = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> FETCHES = new ConcurrentHashMap<>();
    private static final Map<String, String> DOCUMENTS = Map.of("office", "validator.xml", "collabora", "collabora.xml");

    private HttpServer server;

    public static int fetches(String client) {
        return FETCHES.computeIfAbsent(client, c -> new AtomicInteger()).get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String client = exchange.getRequestURI().getPath().split("/")[1];
            FETCHES.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
            int status = STATUS.getOrDefault(client, 200);
            String fixture = DOCUMENTS.get(client);
            byte[] body = (status == 200 && fixture != null ? Fixtures.read(fixture) : "unavailable").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(fixture == null ? 404 : status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "discovery.clients.office.url", base + "/office/hosting/discovery",
                "discovery.clients.collabora.url", base + "/collabora/hosting/discovery",
                "discovery.default-client", "office",
                "discovery.check-interval", "PT1H");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
