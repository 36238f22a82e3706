package org.openwopi.storage.version;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One content a file had. */
@Entity
@Table(name = "file_versions")
@IdClass(FileVersionEntity.Key.class)
public class FileVersionEntity {

    @Id
    @Column(name = "file_id")
    public String fileId;
    @Id
    public long version;
    public long size;
    public String sha256;
    @Column(name = "blob_key")
    public String blobKey;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The editing session that wrote it (for WOPI, the lock id); empty when unknown. */
    @Column(name = "session_id")
    public String sessionId;
    public boolean autosave;
    /** The file's name when this version was written; null for versions older than its recording. */
    public String name;
    /** Everyone in the session that saved it, the writer first. */
    public String[] editors;

    /** The composite key (file, version). */
    public static class Key implements Serializable {
        public String fileId;
        public long version;

        public Key() {
        }

        public Key(String fileId, long version) {
            this.fileId = fileId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.version == version && Objects.equals(key.fileId, fileId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fileId, version);
        }
    }
}
