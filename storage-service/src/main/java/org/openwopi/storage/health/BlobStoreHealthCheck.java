package org.openwopi.storage.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.openwopi.storage.config.StorageConfig;

/**
 * Ready only when the blob directory exists (or can be made) and takes a write: a read-only or full volume makes the
 * service unready instead of failing each save. It runs on a worker thread because it touches the disk.
 */
@Readiness
@ApplicationScoped
public class BlobStoreHealthCheck implements HealthCheck {

    private final StorageConfig config;

    BlobStoreHealthCheck(StorageConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Path root = config.blob().filesystem().root().toAbsolutePath();
        var response = HealthCheckResponse.named("blob-store").withData("type", "filesystem").withData("root", root.toString());
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".ready-", ".probe");
            Files.delete(probe);
            return response.up().build();
        } catch (IOException | SecurityException e) {
            return response.down().withData("reason", "blob directory is not writable: " + e.getMessage()).build();
        }
    }
}
