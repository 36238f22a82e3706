package org.openwopi.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One of our own services, run from its packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}) on a
 * random loopback port, for the tests of a service that calls it: wopi-api-service's tests talk to the real lock-,
 * storage- and discovery-service, not to stand-ins. The module under test must depend on the service's module
 * (type {@code pom}, test scope) so the reactor packages the service first.
 */
public final class QuarkusAppServer extends PrivateServer {

    /** In a configuration value, replaced by the server's scratch directory (for data it writes). */
    public static final String SCRATCH = "${scratch}";

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String IDENTITY_HEADER = "X-Private-Server";

    private final String module;
    private final Path jar;
    private final int port;
    private final Map<String, String> config;
    private final Map<String, String> environment;
    /** What this process answers in {@link #IDENTITY_HEADER}: readiness counts only when it is this process answering. */
    private final String identity;

    public QuarkusAppServer(String module, Map<String, String> config) {
        this(module, config, Map.of());
    }

    /**
     * With environment variables too, as a container would get them (settings from Secrets, or
     * {@code QUARKUS_CONFIG_LOCATIONS}); {@code config} still wins over both, as system properties do.
     */
    public QuarkusAppServer(String module, Map<String, String> config, Map<String, String> environment) {
        super(module, "TERM", Duration.ofSeconds(10));
        this.module = module;
        this.jar = findJar(module);
        this.port = ServerProcess.freeLoopbackPort();
        this.config = new LinkedHashMap<>(config);
        this.environment = Map.copyOf(environment);
        this.identity = module + "-" + port + "-" + UUID.randomUUID();
    }

    private static Path findJar(String module) {
        for (Path candidate : List.of(Paths.get("..", module, "target", "quarkus-app", "quarkus-run.jar"),
                Paths.get(module, "target", "quarkus-app", "quarkus-run.jar"))) {
            if (Files.isRegularFile(candidate)) {
                Path jar = candidate.toAbsolutePath().normalize();
                refuseStale(module, jar);
                return jar;
            }
        }
        throw new IllegalStateException("No packaged " + module + " (target/quarkus-app/quarkus-run.jar): build it first, "
                + "e.g. ./mvnw -B install -DskipTests -pl " + module + " -am");
    }

    /**
     * A packaged service older than its sources (or than wopi-common's, which it contains) would test yesterday's code
     * and pass or fail for the wrong reason: refused, saying how to rebuild it.
     */
    static void refuseStale(String module, Path jar) {
        Path app = jar.getParent();
        Path moduleDir = app.getParent().getParent();
        long packaged = newest(app);
        for (Path sources : List.of(moduleDir.resolve("src/main"), moduleDir.resolve("pom.xml"),
                moduleDir.resolveSibling("wopi-common").resolve("src/main"))) {
            long changed = newest(sources);
            if (changed > packaged) {
                throw new IllegalStateException("The packaged " + module + " (" + app + ") is older than " + sources
                        + ": rebuild it first, e.g. ./mvnw -B install -DskipTests -pl " + module + " -am");
            }
        }
    }

    /** The newest modification time of a file or of anything under a directory; 0 when it does not exist. */
    private static long newest(Path path) {
        if (!Files.exists(path)) {
            return 0;
        }
        try (var files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.getLastModifiedTime(file).toMillis();
                } catch (IOException e) {
                    return 0;
                }
            }).max().orElse(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public QuarkusAppServer start() {
        startServer();
        return this;
    }

    @Override
    protected Process launch(Path dir) {
        Path log = log();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.log.level=INFO",
                "-Dquarkus.http.header.\"" + IDENTITY_HEADER + "\".value=" + identity));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value.replace(SCRATCH, dir.toString())));
        command.add("-jar");
        command.add(jar.toString());
        Process process = ServerProcess.start(command, log, dir, environment);
        ServerProcess.awaitReady(module + " on port " + port, process, log, STARTUP, this::ready);
        return process;
    }

    private boolean ready() {
        if (!ServerProcess.acceptsConnections(port)) {
            return false;
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url() + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(3000);
            int status = connection.getResponseCode();
            String answeredBy = connection.getHeaderField(IDENTITY_HEADER);
            connection.disconnect();
            return status == 200 && identity.equals(answeredBy);
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the service's console output goes. */
    public Path log() {
        return ServerProcess.logFile(module + "-" + port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }
}
