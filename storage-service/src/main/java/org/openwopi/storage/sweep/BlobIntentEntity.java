package org.openwopi.storage.sweep;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A blob that no version refers to: being uploaded, abandoned, or left by a deleted file. */
@Entity
@Table(name = "blob_intents")
public class BlobIntentEntity {

    @Id
    @Column(name = "blob_key")
    public String blobKey;
    @Column(name = "created_at")
    public Instant createdAt;

    public static BlobIntentEntity of(String blobKey, Instant createdAt) {
        BlobIntentEntity intent = new BlobIntentEntity();
        intent.blobKey = blobKey;
        intent.createdAt = createdAt;
        return intent;
    }
}
