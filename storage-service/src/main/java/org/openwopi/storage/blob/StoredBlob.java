package org.openwopi.storage.blob;

/** A complete object: its key, size in bytes and SHA-256 (lower-case hex). */
public record StoredBlob(String key, long size, String sha256) {
}
