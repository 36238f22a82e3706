package org.openwopi.storage.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.openwopi.storage.blob.BlobStore;

/**
 * Ready only when the blob store takes a write (filesystem: the directory exists or can be made and a probe file can be
 * written; S3: the bucket answers): a read-only or full volume, or a missing bucket, makes the service unready instead
 * of failing each save.
 */
@Readiness
@ApplicationScoped
public class BlobStoreHealthCheck implements HealthCheck {

    private final BlobStore blobs;

    BlobStoreHealthCheck(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("blob-store").withData("type", blobs.type());
        try {
            blobs.checkWritable();
            return response.up().build();
        } catch (Exception e) {
            return response.down().withData("reason", "blob store is not writable: " + e.getMessage()).build();
        }
    }
}
