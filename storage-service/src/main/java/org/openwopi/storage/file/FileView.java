package org.openwopi.storage.file;

import java.time.Instant;

/** A file's metadata as the API shows it; {@code version} is also its content's ETag. */
public record FileView(String id, String name, String extension, String containerId, String ownerId, long size, String sha256,
                       long version, long lastFencingToken, String modifiedBy, Instant createdAt, Instant updatedAt) {

    public static FileView from(FileEntity file) {
        return new FileView(file.id, file.name, file.extension, file.containerId, file.ownerId, file.size, file.sha256,
                file.version, file.lastFencingToken, file.modifiedBy, file.createdAt, file.updatedAt);
    }

    public String etag() {
        return "\"" + version + "\"";
    }
}
