package org.openwopi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private PostgreSQL: {@code initdb} into a temp directory, then {@code postgres} on a random loopback port with
 * trust authentication for user {@value #USER}. initdb and postgres refuse to run as root, and CI runs as root: then
 * the directory goes to the {@code postgres} user and both commands run through {@code setpriv}, which execs in place
 * so that stopping our child stops postgres itself.
 */
public final class PostgresServer extends PrivateServer {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path bin;
    private final int port;
    public PostgresServer() {
        this(ServerProcess.freeLoopbackPort());
    }

    public PostgresServer(int port) {
        // Fast shutdown (SIGINT): open sessions are ended rather than waited for, as a test's pool may still hold some.
        super("postgres-" + port, "INT", Duration.ofSeconds(15));
        this.bin = findBinDir();
        this.port = port;
    }

    /** The highest installed major version under /usr/lib/postgresql, else whatever initdb is on PATH. */
    static Path findBinDir() {
        Path root = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path best = versions
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/postgres")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion))
                        .orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path initdb = ServerProcess.onPath("initdb");
        return ServerProcess.requireBinary("postgresql", initdb == null ? Paths.get("initdb") : initdb).getParent();
    }

    private static int majorVersion(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public PostgresServer start() {
        startServer();
        return this;
    }

    @Override
    protected Process launch(Path dir) {
        Path log = ServerProcess.logFile("postgres-" + port);
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            ServerProcess.run(List.of("chown", "-R", USER + ":" + USER, dir.toString()), log, Duration.ofSeconds(10));
        }
        if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
            // A relaunch keeps the cluster it made the first time.
            ServerProcess.run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"), log, Duration.ofSeconds(60));
        }
        Process process = ServerProcess.start(asPostgres(root, bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"),
                log, dir);
        ServerProcess.awaitReady("postgres on port " + port, process, log, STARTUP, this::acceptsQueries);
        return process;
    }

    private static List<String> asPostgres(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private boolean acceptsQueries() {
        if (!ServerProcess.acceptsConnections(port)) {
            return false;
        }
        try {
            Process check = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                    "-p", Integer.toString(port), "-U", USER, "-d", DATABASE)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return check.waitFor() == 0;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The URL for quarkus-reactive-pg-client. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

}
