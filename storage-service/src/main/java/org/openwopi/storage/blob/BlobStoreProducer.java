package org.openwopi.storage.blob;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import org.openwopi.storage.config.StorageConfig;

import software.amazon.awssdk.services.s3.S3Client;

/** The blob store {@code storage.blob.type} names. The S3 client is only looked up when S3 is chosen. */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(StorageConfig config, Instance<S3Client> s3) {
        return switch (config.blob().type()) {
            case FILESYSTEM -> new FilesystemBlobStore(config.blob().filesystem().root(), config.blob().filesystem().fsync());
            case S3 -> new S3BlobStore(s3.get(),
                    config.blob().s3().bucket().orElseThrow(() -> new IllegalStateException(
                            "storage.blob.type=s3 needs storage.blob.s3.bucket")),
                    config.blob().s3().prefix().orElse(""), (int) config.blob().s3().partSize().asLongValue());
        };
    }
}
