package org.openwopi.storage.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of storage-service, under {@code storage.}. */
@ConfigMapping(prefix = "storage")
public interface StorageConfig {

    /** Where file contents live. */
    Blob blob();

    /** The largest file accepted; a larger upload is refused with 413 and leaves nothing behind. */
    @WithDefault("2G")
    MemorySize maxFileSize();

    /** The longest file or folder name, in characters. */
    @WithDefault("255")
    int maxNameLength();

    /**
     * An autosave replaces the previous version when that version is an autosave of the same editing session written
     * less than this long ago: Office saves every few minutes while people type, and those versions are noise.
     * {@code PT0S} keeps every version.
     */
    @WithDefault("PT10M")
    Duration autosaveGrace();

    /** Removal of blobs no version refers to: interrupted uploads, deleted files. */
    Sweep sweep();

    /** Saves a file refused, kept so that no edit is lost. */
    Unsaved unsaved();

    interface Unsaved {
        /** The most a file keeps; the oldest go as new ones come. */
        @WithDefault("20")
        int maxPerFile();

        /** How long one is kept before the sweep removes it. */
        @WithDefault("P30D")
        Duration retention();
    }

    /** The audit trail: who did what to which document. */
    Audit audit();

    interface Audit {
        /** How long an event is kept before the sweep removes it. */
        @WithDefault("P365D")
        Duration retention();
    }

    /** What WOPI clients report happening inside documents (AddActivities). */
    Activities activities();

    interface Activities {
        /** The most a file keeps; the oldest go as new ones come. */
        @WithDefault("10000")
        int maxPerFile();
    }

    interface Blob {

        /** {@code filesystem} (default) or {@code s3}. */
        @WithDefault("filesystem")
        BlobStoreType type();

        Filesystem filesystem();

        S3 s3();
    }

    enum BlobStoreType {
        FILESYSTEM, S3
    }

    interface Filesystem {

        /** The directory that holds every blob; created when missing. In Kubernetes, a PersistentVolume mount. */
        @WithDefault("data/blobs")
        Path root();

        /** fsync each blob and its directory before the version is committed (off only for throwaway test data). */
        @WithDefault("true")
        boolean fsync();
    }

    interface S3 {

        /** The bucket; required with {@code storage.blob.type=s3}. Endpoint, region and credentials: {@code quarkus.s3.*}. */
        Optional<String> bucket();

        /** A key prefix inside the bucket, e.g. {@code wopi/}; none by default. */
        Optional<String> prefix();

        /** Multipart part size; also the one buffer each upload holds in memory. S3's minimum is 5 MiB. */
        @WithDefault("8M")
        MemorySize partSize();
    }

    interface Sweep {

        /** How often the sweep runs (it also runs at start-up). */
        @WithDefault("PT15M")
        Duration interval();

        /** How old an unreferenced blob or unfinished upload must be before it is removed. */
        @WithDefault("PT1H")
        Duration grace();
    }
}
