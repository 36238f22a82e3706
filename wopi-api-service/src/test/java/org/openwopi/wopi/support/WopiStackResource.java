package org.openwopi.wopi.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.openwopi.testsupport.OtlpCollector;
import org.openwopi.testsupport.PostgresServer;
import org.openwopi.testsupport.QuarkusAppServer;
import org.openwopi.testsupport.RedisServer;
import org.openwopi.testsupport.ServerProcess;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;

/**
 * The whole back end of wopi-api-service, real: a private Redis and PostgreSQL, lock-, storage- and
 * discovery-service from their packaged jars, and {@link OfficeDouble} as the WOPI client whose discovery
 * discovery-service reads. wopi-api-service itself runs on a fixed port so its public base URL (which proofs are
 * signed over) is known.
 */
public class WopiStackResource implements QuarkusTestResourceLifecycleManager {

    /** storage-service's size limit in these tests, small enough to exceed cheaply. */
    public static final long MAX_FILE_SIZE = 4 * 1024 * 1024;

    private static Stack stack;

    /** What the running stack's tests need to reach. */
    public record Stack(OfficeDouble office, RedisServer redis, PostgresServer postgres, QuarkusAppServer lock,
                        QuarkusAppServer storage, QuarkusAppServer discovery, int wopiPort, OfficeDouble second,
                        OtlpCollector traces) {

        public String publicBaseUrl() {
            return "http://localhost:" + wopiPort;
        }
    }

    private static int wopiPort;

    /**
     * One port for wopi-api-service per test JVM: a {@code @QuarkusIntegrationTest} launches the packaged service on the
     * port of its first launch every time after, whatever later stacks ask, and proofs and the public host check hold
     * only at the public base URL, so every stack must name that same port.
     */
    private static synchronized int wopiPort() {
        if (wopiPort == 0) {
            wopiPort = ServerProcess.freeLoopbackPort();
        }
        return wopiPort;
    }

    public static Stack stack() {
        if (stack == null) {
            throw new IllegalStateException("WopiStackResource is not running");
        }
        return stack;
    }

    /** The service credential key the internal services check (wopi-api-service signs with its private half). */
    public static final String SERVICE_KID = "test-service";
    public static final Path SERVICE_PUBLIC_KEY = Path.of("src/test/resources/keys/service-public.pem").toAbsolutePath();

    /** A packaged service's settings, plus the public key it checks wopi-api-service's service credential with. */
    static Map<String, String> credentialChecked(Map<String, String> config) {
        Map<String, String> all = new HashMap<>(config);
        all.put("service-auth.current.kid", SERVICE_KID);
        all.put("service-auth.current.public-key", SERVICE_PUBLIC_KEY.toString());
        return all;
    }

    /**
     * Init args naming the WOPI clients: {@value #OFFICE_FLAVOUR} the first double's {@link OfficeDouble.Flavour}
     * (discovery-service's client {@code office}), {@value #SECOND_CLIENT} the name of a second, ODF-flavoured client
     * with keys of its own (then {@code office} is discovery-service's default).
     */
    public static final String OFFICE_FLAVOUR = "office-flavour";
    public static final String SECOND_CLIENT = "second-client";
    /**
     * Init arg: {@code collect} has every service (wopi-api-service too) trace every request and send its spans to an
     * {@link OtlpCollector}, {@link Stack#traces()}.
     */
    public static final String TRACES = "traces";
    private static final String DEBUG_OUR_CODE = "quarkus.log.category.\"org.openwopi\".level";

    /** Where wopi-api-service's log lines go when {@link #TRACES} are collected. */
    public static Path wopiLog() {
        return ServerProcess.logFile("wopi-api-service-traced");
    }

    /** Settings for the packaged services from the test's init args, by prefix ("storage.", "lock.", "discovery."); "wopi." ones are wopi-api-service's. */
    private final Map<String, String> serviceArgs = new HashMap<>();

    @Override
    public void init(Map<String, String> initArgs) {
        serviceArgs.putAll(initArgs);
    }

    private Map<String, String> argsFor(String prefix, Map<String, String> base, OtlpCollector traces) {
        Map<String, String> all = new HashMap<>(base);
        if (traces != null) {
            all.putAll(traces.exportingEverything());
            all.put(DEBUG_OUR_CODE, "DEBUG");
        }
        serviceArgs.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                all.put(key, value);
            }
        });
        return credentialChecked(all);
    }

    @Override
    public Map<String, String> start() {
        // A failed status check shows what was answered, not only the status: a bare "401" says nothing.
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        OfficeDouble office = new OfficeDouble(OfficeDouble.Flavour.valueOf(serviceArgs.getOrDefault(OFFICE_FLAVOUR, "WORD")));
        String secondName = serviceArgs.get(SECOND_CLIENT);
        OfficeDouble second = secondName == null ? null : new OfficeDouble(OfficeDouble.Flavour.ODF);
        Map<String, String> clients = new HashMap<>(Map.of("discovery.clients.office.url", office.discoveryUrl()));
        if (second != null) {
            clients.put("discovery.clients." + secondName + ".url", second.discoveryUrl());
            clients.put("discovery.default-client", "office");
        }
        OtlpCollector traces = "collect".equals(serviceArgs.get(TRACES)) ? new OtlpCollector() : null;
        RedisServer redis = new RedisServer().start();
        PostgresServer postgres = new PostgresServer().start();
        QuarkusAppServer lock = new QuarkusAppServer("lock-service", argsFor("lock.", Map.of("quarkus.redis.hosts", redis.uri()), traces));
        clients.put("quarkus.redis.hosts", redis.uri());
        clients.put("discovery.forced-refresh-min-interval", "PT0S");
        QuarkusAppServer discovery = new QuarkusAppServer("discovery-service", argsFor("discovery.", clients, traces));
        QuarkusAppServer storage = new QuarkusAppServer("storage-service", argsFor("storage.", Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", PostgresServer.USER,
                "storage.blob.filesystem.root", QuarkusAppServer.SCRATCH + "/blobs",
                "storage.max-file-size", Long.toString(MAX_FILE_SIZE)), traces));
        // Three JVMs start faster side by side than one after the other.
        CompletableFuture.allOf(List.of(lock, discovery, storage).stream()
                .map(server -> CompletableFuture.runAsync(server::start)).toArray(CompletableFuture[]::new)).join();
        int wopiPort = wopiPort();
        stack = new Stack(office, redis, postgres, lock, storage, discovery, wopiPort, second, traces);

        Map<String, String> config = new HashMap<>();
        if (traces != null) {
            config.putAll(traces.exportingEverything());
            config.put(DEBUG_OUR_CODE, "DEBUG");
            // This service runs in the test's JVM: its lines go to a file too, as JSON (QUARKUS_LOG_CONSOLE_JSON_ENABLED
            // gives the console the same), so a test can read them.
            try {
                java.nio.file.Files.deleteIfExists(wopiLog());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            config.put("quarkus.log.file.enabled", "true");
            config.put("quarkus.log.file.path", wopiLog().toString());
            config.put("quarkus.log.file.json.enabled", "true");
        }
        config.put("quarkus.http.test-port", Integer.toString(wopiPort));
        config.put("wopi.public-base-url", stack.publicBaseUrl());
        config.put("wopi.clients.lock.url", lock.url());
        config.put("wopi.clients.storage.url", storage.url());
        config.put("wopi.clients.discovery.url", discovery.url());
        config.put("wopi.proof.refresh-min-interval", "PT0S");
        serviceArgs.forEach((key, value) -> {
            if (key.startsWith("wopi.")) {
                config.put(key, value);
            }
        });
        return config;
    }

    @Override
    public void stop() {
        if (stack == null) {
            return;
        }
        for (AutoCloseable server : List.<AutoCloseable>of(stack.lock, stack.storage, stack.discovery, stack.postgres,
                stack.redis, stack.office)) {
            try {
                server.close();
            } catch (Exception e) {
                // Best effort: the JVM's shutdown hooks stop whatever is left.
            }
        }
        if (stack.second != null) {
            stack.second.close();
        }
        if (stack.traces != null) {
            stack.traces.close();
        }
        stack = null;
    }
}
