package org.openwopi.storage.config;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of storage-service, under {@code storage.}. */
@ConfigMapping(prefix = "storage")
public interface StorageConfig {

    /** Where file contents live. */
    Blob blob();

    interface Blob {

        /** The local-directory blob store (the default). */
        Filesystem filesystem();
    }

    interface Filesystem {

        /** The directory that holds every blob; created when missing. In Kubernetes, a PersistentVolume mount. */
        @WithDefault("data/blobs")
        Path root();
    }
}
