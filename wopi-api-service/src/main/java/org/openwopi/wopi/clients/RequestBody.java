package org.openwopi.wopi.clients;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The body of the request being answered, still unread: streamed to storage-service as it arrives, or, when small,
 * read whole. It can be taken once.
 */
public interface RequestBody {

    /** The declared length, or null when the body comes chunked. */
    Long length();

    /** The body as text, failing with {@code tooLong} as soon as it passes {@code maxBytes} (the rest is not read). */
    Uni<String> text(int maxBytes, RuntimeException tooLong);

    /** The bytes, paused until piped. */
    ReadStream<Buffer> stream();

    /** Whether the sender has already gone. */
    boolean senderGone();

    /** Runs {@code whenGone} if the sender goes before the answer. */
    void onSenderGone(Runnable whenGone);

    /** Tells a sender that waits for it (Expect: 100-continue) to send the body now. */
    void continueIfExpected();
}
