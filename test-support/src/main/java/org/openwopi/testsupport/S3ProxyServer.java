package org.openwopi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A private S3Proxy (the S3 API over a local directory) on a random loopback port, with AWS signatures checked, as a
 * real S3-compatible store for the blob-store tests. It runs as its own JVM so its Jetty never meets Quarkus.
 * The launcher jar comes from the {@code s3proxy.jar} system property, which the parent pom sets.
 */
public final class S3ProxyServer extends PrivateServer {

    public static final String REGION = "us-east-1";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path jar;
    private final int port;
    private final String accessKey = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String secretKey = UUID.randomUUID().toString();
    private final String bucket;

    public S3ProxyServer(String bucket) {
        this(bucket, ServerProcess.freeLoopbackPort());
    }

    private S3ProxyServer(String bucket, int port) {
        super("s3proxy-" + port, "TERM", Duration.ofSeconds(5));
        this.jar = findJar();
        this.port = port;
        this.bucket = bucket;
    }

    private static Path findJar() {
        String configured = System.getProperty("s3proxy.jar");
        Path jar = configured != null ? Paths.get(configured) : Paths.get("target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No S3Proxy launcher at " + jar + ": build through Maven, whose copy-s3proxy"
                    + " execution (maven-dependency-plugin) fetches org.gaul:s3proxy:jar-with-dependencies");
        }
        return jar;
    }

    public S3ProxyServer start() {
        startServer();
        return this;
    }

    @Override
    protected Process launch(Path dir) {
        Path log = ServerProcess.logFile("s3proxy-" + port);
        Path properties = dir.resolve("s3proxy.properties");
        try {
            // The filesystem backend keeps one directory per bucket.
            Files.createDirectories(dir.resolve("blobs").resolve(bucket));
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey,
                    "s3proxy.credential=" + secretKey,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                    ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = ServerProcess.start(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--properties", properties.toString()), log, dir);
        ServerProcess.awaitReady("S3Proxy on port " + port, process, log, STARTUP, this::answersHttp);
        return process;
    }

    private boolean answersHttp() {
        if (!ServerProcess.acceptsConnections(port)) {
            return false;
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(1000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String bucket() {
        return bucket;
    }

}
