package org.openwopi.storage.file;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A request body as a blocking stream for a worker thread, with back-pressure: the event loop queues what arrives and
 * pauses the connection above a high-water mark; the reader drains as many queued chunks as fit in its buffer per
 * call (one hand-off per batch, not per network read) and resumes the connection below a low-water mark. A client
 * that goes away or stops sending makes {@link #read} fail, so a half-sent body is never taken for a whole one.
 */
final class RequestBodyStream extends InputStream {

    private static final long HIGH_WATER = 4L * 1024 * 1024;
    private static final long LOW_WATER = 1024 * 1024;

    private final HttpServerRequest request;
    private final Context context;
    private final long idleTimeoutMillis;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean paused = true;
    private boolean ended;
    private Throwable failure;
    private Buffer current;
    private int position;

    /** Takes over the request's handlers; the request must be paused, and is resumed here. */
    RequestBodyStream(HttpServerRequest request, Context context, Duration idleTimeout) {
        this.request = request;
        this.context = context;
        this.idleTimeoutMillis = idleTimeout.toMillis();
        request.handler(this::onData);
        request.endHandler(ignored -> onEnd());
        request.exceptionHandler(this::onFailure);
        resume();
    }

    private synchronized void onData(Buffer chunk) {
        queue.add(chunk);
        queued += chunk.length();
        if (!paused && queued > HIGH_WATER) {
            paused = true;
            request.pause();
        }
        notifyAll();
    }

    private synchronized void onEnd() {
        ended = true;
        notifyAll();
    }

    private synchronized void onFailure(Throwable cause) {
        failure = cause;
        notifyAll();
    }

    private void resume() {
        paused = false;
        context.runOnContext(ignored -> request.resume());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        long deadline = System.currentTimeMillis() + idleTimeoutMillis;
        while ((current == null || position == current.length()) && queue.isEmpty()) {
            if (failure != null) {
                throw new IOException("the client's upload failed: " + failure.getMessage(), failure);
            }
            if (ended) {
                return -1;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IOException("the client sent nothing for " + idleTimeoutMillis / 1000 + " s");
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the upload", e);
            }
        }
        int copied = 0;
        while (copied < length) {
            if (current == null || position == current.length()) {
                current = queue.poll();
                position = 0;
                if (current == null) {
                    break;
                }
            }
            int n = Math.min(length - copied, current.length() - position);
            current.getBytes(position, position + n, target, offset + copied);
            position += n;
            copied += n;
            queued -= n;
        }
        if (paused && queued < LOW_WATER && failure == null) {
            resume();
        }
        return copied;
    }
}
