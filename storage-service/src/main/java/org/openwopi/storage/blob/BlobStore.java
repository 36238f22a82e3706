package org.openwopi.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Where file contents live. Writes are blocking and stream: the content passes through in bounded buffers, its size
 * and SHA-256 are computed on the way, and the object becomes visible under its key only once it is complete
 * (filesystem: temp file, fsync, atomic rename; S3: a multipart upload is invisible until completed). A failed or
 * oversized write leaves nothing under the key.
 */
public interface BlobStore {

    /** {@code filesystem} or {@code s3}, for health and logs. */
    String type();

    /**
     * Streams {@code content} into a new object.
     *
     * @throws BlobTooLargeException when the content exceeds {@code maxBytes}
     * @throws IOException           when the content could not be read or stored; nothing is left under the key
     */
    StoredBlob write(String key, InputStream content, long maxBytes) throws IOException;

    /**
     * Whether {@link #read} waits on the network (S3) and so must not run on an event loop; the filesystem store only
     * checks that the file is there.
     */
    boolean readBlocks();

    /** The object's bytes from {@code offset}, {@code length} of them. */
    BlobBody read(String key, long offset, long length) throws IOException;

    /** Removes the object; removing a missing one is not an error. */
    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Removes what unfinished writes left behind before {@code cutoff} (temp files, multipart uploads). */
    int sweepUnfinished(Instant cutoff) throws IOException;

    /** Fails with the reason when the store cannot take a write now. */
    void checkWritable() throws IOException;
}
