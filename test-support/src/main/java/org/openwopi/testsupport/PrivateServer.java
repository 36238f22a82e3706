package org.openwopi.testsupport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The life cycle every private test server shares: a fresh temp directory per start, a JVM shutdown hook in case the
 * test run dies before it stops its servers, and a stop that ends the process and deletes what it wrote.
 */
public abstract class PrivateServer implements AutoCloseable {

    private final String name;
    private final String stopSignal;
    private final Duration stopGrace;
    private Path dir;
    private Process process;
    private Thread shutdownHook;

    protected PrivateServer(String name, String stopSignal, Duration stopGrace) {
        this.name = name;
        this.stopSignal = stopSignal;
        this.stopGrace = stopGrace;
    }

    /** Starts the server with {@code dir} as its own scratch space and returns once it answers. */
    protected abstract Process launch(Path dir);

    /** Starts the server unless it runs already. */
    public synchronized void startServer() {
        if (isRunning()) {
            return;
        }
        dir = ServerProcess.tempDir("wopi-" + name + "-");
        try {
            process = launch(dir);
        } catch (RuntimeException e) {
            ServerProcess.deleteRecursively(dir);
            dir = null;
            throw e;
        }
        shutdownHook = new Thread(this::stopQuietly, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Ends the server politely (its own signal), forcibly after the grace period, and deletes its data. */
    public synchronized void stop() {
        ServerProcess.stop(process, stopGrace, stopSignal);
        forget();
    }

    /** Kills the server at once, as a crash would: its clients see their connections reset. */
    public synchronized void kill() {
        ServerProcess.stop(process, Duration.ZERO, "KILL");
        forget();
    }

    /** Kills the server at once, as a crash would, but keeps its data for {@link #relaunch()}. */
    public synchronized void crash() {
        ServerProcess.stop(process, Duration.ZERO, "KILL");
        process = null;
    }

    /** Stops the server politely (its own signal) and keeps its data for {@link #relaunch()}. */
    public synchronized void halt() {
        ServerProcess.stop(process, stopGrace, stopSignal);
        process = null;
    }

    /** Starts the server again on the data {@link #crash()} or {@link #halt()} kept, as an operator's restart would. */
    public synchronized void relaunch() {
        if (dir == null) {
            throw new IllegalStateException(name + " has no data to relaunch on: it was never started, or stopped for good");
        }
        if (!isRunning()) {
            process = launch(dir);
        }
    }

    private void forget() {
        ServerProcess.deleteRecursively(dir);
        dir = null;
        process = null;
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hooks are running already; there is nothing left to unregister.
            }
            shutdownHook = null;
        }
    }

    private void stopQuietly() {
        ServerProcess.stop(process, Duration.ofSeconds(2), stopSignal);
        ServerProcess.deleteRecursively(dir);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The scratch directory of the running server (kept across {@link #crash()} and {@link #relaunch()}), or null. */
    public synchronized Path dir() {
        return dir;
    }

    @Override
    public void close() {
        stop();
    }
}
