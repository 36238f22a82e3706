package org.openwopi.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    /**
     * Sends one command over the wire (RESP) and returns the first line of the reply ({@code +OK}, {@code :1},
     * {@code $5}, ...): enough for tests to seed or inspect data without a client library.
     */
    public String command(String... args) {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not take " + args[0], e);
        }
    }

    public int port() {
        return port;
    }

    /** The Redis URI for quarkus-redis-client. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }
}
