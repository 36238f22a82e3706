package org.openwopi.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Plumbing shared by the private test servers: free loopback ports, log files under the build directory, bounded
 * waits, and stopping a process tree for sure (the JVM hook covers a test run that dies before its resources stop).
 */
public final class ServerProcess {

    private ServerProcess() {
    }

    /** Every port this JVM handed out: a server's port is chosen seconds before it binds it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A loopback port that was free a moment ago and that no other server of this test run was given: servers are
     * told their port before they start and bind it a few seconds later, and two of them sharing one would let a
     * readiness check pass against the wrong service.
     */
    public static int freeLoopbackPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("No free loopback port", e);
            }
        }
        throw new IllegalStateException("No loopback port left that this test run has not handed out already");
    }

    /** Where a server's log goes: {@code target/test-servers/} of the module under test, else the temp directory. */
    public static Path logFile(String name) {
        String workDir = System.getProperty("test.work.dir");
        Path dir = workDir != null ? Paths.get(workDir, "test-servers") : Paths.get(System.getProperty("java.io.tmpdir"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name + ".log");
    }

    public static Process start(List<String> command, Path log, Path workingDir) {
        return start(command, log, workingDir, Map.of());
    }

    /** As {@link #start(List, Path, Path)}, with these variables added to the environment. */
    public static Process start(List<String> command, Path log, Path workingDir, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command to completion, failing with its output when it fails. */
    public static void run(List<String> command, Path log, Duration timeout) {
        Process process = start(command, log, null);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + tail(log));
        }
    }

    /** Waits until the condition holds, the process dies (failure, with its log), or the time is up (failure). */
    public static void awaitReady(String what, Process process, Path log, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + " before it was ready:\n" + tail(log));
            }
            sleep(50);
        }
        stop(process, Duration.ofSeconds(2), null);
        throw new IllegalStateException(what + " was not ready within " + timeout + ":\n" + tail(log));
    }

    public static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a one-line request and reads one reply line; {@code null} when nothing answers. */
    public static String exchangeLine(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().strip();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Stops a process: the given signal first (each server has its own polite one), then SIGKILL for it and its
     * children when the grace period is over.
     */
    public static void stop(Process process, Duration grace, String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        if (signal != null) {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                process.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first executable found, or a failure that says which Debian package provides it. */
    public static Path requireBinary(String debianPackage, Path... candidates) {
        for (Path candidate : candidates) {
            if (candidate != null && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find " + candidates[0].getFileName()
                + ": install the Debian package '" + debianPackage + "' (apt-get install " + debianPackage + ")");
    }

    /** The directory on PATH that holds the executable, if any. */
    public static Path onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Paths.get(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
