package org.openwopi.storage.file;

import java.time.Instant;

import org.openwopi.storage.version.FileVersionEntity;

/** One version of a file; {@code name}: the file's name when it was written (null when not recorded). */
public record VersionView(String fileId, long version, long size, String sha256, String createdBy, Instant createdAt,
                          boolean autosave, java.util.List<String> editors, String name) {

    public static VersionView from(FileVersionEntity version) {
        return new VersionView(version.fileId, version.version, version.size, version.sha256, version.createdBy, version.createdAt,
                version.autosave, version.editors == null ? java.util.List.of() : java.util.List.of(version.editors),
                version.name);
    }
}
