package org.openwopi.wopi.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.openwopi.testsupport.ServerProcess;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays Keycloak's directory for the tests: the client-credentials token endpoint of realm {@code openwopi} and the
 * admin API's user search and group memberships, answering only a service token it issued. Tests move people in and
 * out of groups, make it fail, and withdraw the service tokens it issued.
 */
public final class DirectoryDouble implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "openwopi-directory";
    public static final String CLIENT_SECRET = "directory-secret";

    private static volatile DirectoryDouble running;

    private HttpServer server;
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger groupReads = new AtomicInteger();
    private volatile boolean failing;

    public static DirectoryDouble directory() {
        if (running == null) {
            throw new IllegalStateException("DirectoryDouble is not running");
        }
        return running;
    }

    /** The person's groups from now on (none: they are in no group, but known). */
    public void member(String userId, String... groupNames) {
        groups.put(userId, Set.of(groupNames));
    }

    /** Whether every call answers 500, as a directory in trouble does. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** Forgets every service token it issued, as a restarted Keycloak or a revoked session does. */
    public void withdrawServiceTokens() {
        issued.clear();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public int groupReads() {
        return groupReads.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", ServerProcess.freeLoopbackPort()), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/realms/openwopi/protocol/openid-connect/token", this::token);
        server.createContext("/admin/realms/openwopi/users", this::users);
        server.start();
        running = this;
        String realm = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/openwopi";
        return Map.of("wopi.directory.enabled", "true", "wopi.directory.realm-url", realm,
                "wopi.directory.client-id", CLIENT_ID, "wopi.directory.client-secret", CLIENT_SECRET,
                "wopi.directory.max-age", "PT0S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        running = null;
    }

    private void token(HttpExchange exchange) throws IOException {
        if (failing) {
            answer(exchange, 500, "{\"error\":\"unknown_error\"}");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
                || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            answer(exchange, 401, "{\"error\":\"unauthorized_client\"}");
            return;
        }
        String token = "service-" + UUID.randomUUID();
        issued.add(token);
        tokensIssued.incrementAndGet();
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":300,\"token_type\":\"Bearer\"}");
    }

    private void users(HttpExchange exchange) throws IOException {
        if (failing) {
            answer(exchange, 500, "{\"error\":\"unknown_error\"}");
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !issued.contains(auth.substring("Bearer ".length()))) {
            answer(exchange, 401, "{\"error\":\"HTTP 401 Unauthorized\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath().substring("/admin/realms/openwopi/users".length());
        if (path.isEmpty() || path.equals("/")) {
            // Keycloak's search: exact user name, brief representation.
            String username = form(exchange.getRequestURI().getRawQuery()).get("username");
            answer(exchange, 200, groups.containsKey(username)
                    ? "[{\"id\":\"kc-" + username + "\",\"username\":\"" + username + "\"}]" : "[]");
            return;
        }
        if (path.startsWith("/kc-") && path.endsWith("/groups")) {
            groupReads.incrementAndGet();
            String username = path.substring("/kc-".length(), path.length() - "/groups".length());
            Set<String> of = groups.get(username);
            if (of == null) {
                answer(exchange, 404, "{\"error\":\"User not found\"}");
                return;
            }
            answer(exchange, 200, of.stream().map(name -> "{\"id\":\"g-" + name + "\",\"name\":\"" + name
                    + "\",\"path\":\"/" + name + "\"}").collect(Collectors.joining(",", "[", "]")));
            return;
        }
        answer(exchange, 404, "{\"error\":\"not found\"}");
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null) {
            return values;
        }
        Arrays.stream(encoded.split("&")).map(pair -> pair.split("=", 2)).filter(pair -> pair.length == 2)
                .forEach(pair -> values.put(URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
        return values;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
