package org.openwopi.storage.blob;

import java.io.IOException;

/** The content ran past the size limit; the write was abandoned and left nothing behind. */
public class BlobTooLargeException extends IOException {

    public BlobTooLargeException(long maxBytes) {
        super("content exceeds the limit of " + maxBytes + " bytes");
    }
}
