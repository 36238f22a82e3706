package org.openwopi.storage.blob;

import java.io.InputStream;
import java.nio.file.Path;

/** Bytes to send: a file region (sent with sendfile, no copy through the heap) or a stream. */
public sealed interface BlobBody {

    record FileRegion(Path path, long offset, long length) implements BlobBody {
    }

    record Stream(InputStream in, long length) implements BlobBody {
    }
}
