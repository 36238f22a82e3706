package org.openwopi.storage.file;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A file and its current content (the newest version). */
@Entity
@Table(name = "files")
public class FileEntity {

    @Id
    public String id;
    @Column(name = "container_id")
    public String containerId;
    public String name;
    public String extension;
    @Column(name = "owner_id")
    public String ownerId;
    public long size;
    public String sha256;
    public long version;
    @Column(name = "blob_key")
    public String blobKey;
    @Column(name = "last_fencing_token")
    public long lastFencingToken;
    @Column(name = "modified_by")
    public String modifiedBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
