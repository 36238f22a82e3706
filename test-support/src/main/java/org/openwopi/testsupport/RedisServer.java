package org.openwopi.testsupport;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * A private {@code redis-server} on a random loopback port that keeps nothing on disk. Fault tests can {@link #kill()}
 * it and {@link #start()} it again on the same port.
 */
public final class RedisServer extends PrivateServer {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Path binary;
    private final int port;

    public RedisServer() {
        this(ServerProcess.freeLoopbackPort());
    }

    public RedisServer(int port) {
        super("redis-" + port, "TERM", Duration.ofSeconds(5));
        this.binary = ServerProcess.requireBinary("redis-server", ServerProcess.onPath("redis-server"), Paths.get("/usr/bin/redis-server"));
        this.port = port;
    }

    public RedisServer start() {
        startServer();
        return this;
    }

    @Override
    protected Process launch(Path dir) {
        Path log = ServerProcess.logFile("redis-" + port);
        Process process = ServerProcess.start(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "yes"), log, dir);
        ServerProcess.awaitReady("redis-server on port " + port, process, log, STARTUP,
                () -> "+PONG".equals(ServerProcess.exchangeLine(port, "PING\r\n")));
        return process;
    }

    public int port() {
        return port;
    }

    /** The Redis URI for quarkus-redis-client. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }
}
