package org.openwopi.wopi.clients;

import java.nio.charset.StandardCharsets;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A small body the service made itself (a blank document, a template), sent as if it had been uploaded. */
public final class BytesBody implements RequestBody {

    private final Buffer bytes;

    private BytesBody(byte[] bytes) {
        this.bytes = Buffer.buffer(bytes);
    }

    public static BytesBody of(byte[] bytes) {
        return new BytesBody(bytes);
    }

    @Override
    public Long length() {
        return (long) bytes.length();
    }

    @Override
    public Uni<String> text(int maxBytes, RuntimeException tooLong) {
        return bytes.length() > maxBytes ? Uni.createFrom().failure(tooLong)
                : Uni.createFrom().item(bytes.toString(StandardCharsets.UTF_8));
    }

    @Override
    public ReadStream<Buffer> stream() {
        return new OneBuffer(bytes);
    }

    @Override
    public boolean senderGone() {
        return false;
    }

    @Override
    public void onSenderGone(Runnable whenGone) {
        // Nobody sends it: it cannot go.
    }

    @Override
    public void continueIfExpected() {
        // Nobody waits for a 100 Continue.
    }

    /** Paused until read, then one buffer and the end, as a request body that arrived in one piece. */
    private static final class OneBuffer implements ReadStream<Buffer> {

        private final Buffer bytes;
        private Handler<Buffer> handler;
        private Handler<Void> endHandler;
        private boolean paused = true;
        private boolean done;

        OneBuffer(Buffer bytes) {
            this.bytes = bytes;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            this.handler = handler;
            emit();
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            emit();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            if (amount > 0) {
                paused = false;
                emit();
            }
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            this.endHandler = endHandler;
            emit();
            return this;
        }

        private void emit() {
            if (done || paused || handler == null || endHandler == null) {
                return;
            }
            done = true;
            if (bytes.length() > 0) {
                handler.handle(bytes);
            }
            endHandler.handle(null);
        }
    }
}
