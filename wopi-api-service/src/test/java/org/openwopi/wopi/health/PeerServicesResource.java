package org.openwopi.wopi.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays the readiness endpoints of lock-, storage- and discovery-service on one loopback HTTP server, each under its
 * own path prefix, so a test can make any of them answer any status. A service set to status 0 is unreachable
 * (its base URL points at a port nothing listens on).
 */
public class PeerServicesResource implements QuarkusTestResourceLifecycleManager {

    /** Status each peer's readiness answers with; tests change it. */
    public static final Map<String, Integer> STATUS = new ConcurrentHashMap<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String peer = exchange.getRequestURI().getPath().split("/")[1];
            int status = STATUS.getOrDefault(peer, 200);
            byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\",\"checks\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "wopi.clients.lock.url", base + "/lock-service",
                "wopi.clients.storage.url", base + "/storage-service",
                "wopi.clients.discovery.url", base + "/discovery-service");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
