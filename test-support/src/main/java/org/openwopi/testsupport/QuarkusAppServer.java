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
 * <p>
 * With the system property {@value #PACKAGING} {@code native} (Maven's {@code -Dnative} sets it) the service runs
 * from its native executable ({@code <module>/target/<module>-<version>-runner}, {@code scripts/build-native.sh})
 * instead, so the same tests prove the native services.
 */
public final class QuarkusAppServer extends PrivateServer {

    /** In a configuration value, replaced by the server's scratch directory (for data it writes). */
    public static final String SCRATCH = "${scratch}";

    /** System property: {@code jar} (the default) or {@code native}, which packaging of the services to run. */
    public static final String PACKAGING = "test.packaging";

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String IDENTITY_HEADER = "X-Private-Server";

    private final String module;
    /** The jar, or the native executable. */
    private final Path packaged;
    private final boolean nativeExecutable;
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
        this.nativeExecutable = runsNative();
        this.packaged = nativeExecutable ? findExecutable(module) : findJar(module);
        this.port = ServerProcess.freeLoopbackPort();
        this.config = new LinkedHashMap<>(config);
        this.environment = Map.copyOf(environment);
        this.identity = module + "-" + port + "-" + UUID.randomUUID();
    }

    /** Whether this run's services are the native executables ({@value #PACKAGING}). */
    private static boolean runsNative() {
        return "native".equals(System.getProperty(PACKAGING, "jar"));
    }

    private static Path moduleDir(String module) {
        for (Path candidate : List.of(Paths.get("..", module), Paths.get(module))) {
            if (Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("No module " + module + " beside or under " + Paths.get("").toAbsolutePath());
    }

    private static Path findJar(String module) {
        Path moduleDir = moduleDir(module);
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged " + module + " (target/quarkus-app/quarkus-run.jar): build it first, "
                    + "e.g. ./mvnw -B install -DskipTests -pl " + module + " -am");
        }
        refuseStale(module, jar.getParent(), "./mvnw -B install -DskipTests -pl " + module + " -am");
        return jar;
    }

    private static Path findExecutable(String module) {
        Path moduleDir = moduleDir(module);
        try (var files = Files.list(moduleDir.resolve("target"))) {
            Path executable = files.filter(file -> file.getFileName().toString().endsWith("-runner") && Files.isExecutable(file))
                    .findFirst().orElseThrow(() -> new IllegalStateException("No native " + module
                            + " (target/" + module + "-*-runner): build it first with scripts/build-native.sh"));
            refuseStale(module, executable, "scripts/build-native.sh");
            return executable;
        } catch (IOException e) {
            throw new IllegalStateException("No native " + module + ": build it first with scripts/build-native.sh", e);
        }
    }

    /**
     * A packaged service older than its sources (or than wopi-common's, which it contains) would test yesterday's code
     * and pass or fail for the wrong reason: refused, saying how to rebuild it.
     */
    static void refuseStale(String module, Path packaged, String rebuild) {
        // target/quarkus-app or target/<module>-<version>-runner
        Path moduleDir = packaged.getParent().getParent();
        long built = newest(packaged);
        for (Path sources : List.of(moduleDir.resolve("src/main"), moduleDir.resolve("pom.xml"),
                moduleDir.resolveSibling("wopi-common").resolve("src/main"))) {
            long changed = newest(sources);
            if (changed > built) {
                throw new IllegalStateException("The packaged " + module + " (" + packaged + ") is older than " + sources
                        + ": rebuild it first, e.g. " + rebuild);
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
        List<String> command = new ArrayList<>(nativeExecutable ? List.of(packaged.toString())
                : List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-Xmx192m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.log.level=INFO",
                "-Dquarkus.http.header.\"" + IDENTITY_HEADER + "\".value=" + identity));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value.replace(SCRATCH, dir.toString())));
        if (!nativeExecutable) {
            command.add("-jar");
            command.add(packaged.toString());
        }
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
