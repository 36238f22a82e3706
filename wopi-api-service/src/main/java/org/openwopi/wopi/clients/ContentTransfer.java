package org.openwopi.wopi.clients;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.common.serviceauth.ServiceTokens;
import org.openwopi.wopi.config.WopiConfig;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.tracing.TracingPolicy;

/**
 * File contents to and from storage-service, streamed: a Vert.x HTTP client pipes the bytes between the caller's
 * connection and storage-service's with back-pressure, so no file is ever held in memory. No timeout bounds a
 * transfer as a whole (a 10 GB file takes its time); one that stalls is abandoned.
 */
@ApplicationScoped
// Made at start-up, not at the first transfer: its byte counters must be in the first scrape (the chart's dashboard
// reads them).
@Startup
class ContentTransfer {

    /** How long a transfer may stall before it is abandoned. */
    private static final int IDLE_TIMEOUT_MS = 60_000;
    /** The largest piece of content handed on at once. */
    public static final int CHUNK_BYTES = 512 * 1024;

    /**
     * Where downloads are read into. Vert.x 4 copies every chunk read into a pooled buffer onto the heap (so user code
     * may keep it), and Netty copies it back off the heap to write it to a socket: for a relayed download those two
     * copies were half of wopi-api-service's CPU. A chunk read into an unpooled direct buffer is handed over as it is,
     * written to the WOPI client's socket as it is, and freed by {@link #relay} once written (one that escapes it is
     * freed by the garbage collector, through the buffer's cleaner). Fields of the bean, not static: a native image
     * initialises classes at build time, and Netty's allocator must be made at run time.
     */
    private final ByteBufAllocator direct = new UnpooledByteBufAllocator(true, true, false);
    /** The key of the download client for calls made off the event loops. */
    private final Thread noLoop = new Thread(() -> { }, "no event loop");

    /** Uploads and their small JSON answers. */
    private final HttpClient client;
    /**
     * Downloads, read into {@link #direct} buffers: one client per event loop, so that a download's storage-service
     * connection is served by the event loop of the WOPI client's connection it is relayed to. A pooled connection
     * of another event loop would hand every chunk across threads twice (read there, written here), which cost a
     * single 100 MB GetFile a third of its speed.
     */
    private final Map<Thread, HttpClient> downloadsByLoop = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final HttpClientOptions downloadOptions;
    private final String base;
    private final ObjectMapper json;
    private final ServiceTokens credentials;
    private final UploadSlots slots;
    private final Duration progressWindow;
    private final long minProgressBytes;
    private final CallSpans spans;
    /** Content bytes through this service, by direction: uploads to storage-service (in), downloads relayed (out). */
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final String host;
    private final int port;

    ContentTransfer(Vertx vertx, ObjectMapper json, ServiceTokens credentials, UploadSlots slots, WopiConfig config,
                    ClientsConfig clients, CallSpans spans, MeterRegistry metrics) {
        String base = clients.storage().url();
        int connectTimeout = (int) clients.connectTimeout().toMillis();
        this.json = json;
        this.credentials = credentials;
        this.slots = slots;
        this.progressWindow = config.uploads().progressWindow();
        this.minProgressBytes = config.uploads().minProgressBytes();
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.spans = spans;
        this.bytesIn = Counter.builder("wopi.content.bytes").tag("direction", "in").baseUnit("bytes")
                .description("File content passed between WOPI clients or users and storage-service").register(metrics);
        this.bytesOut = Counter.builder("wopi.content.bytes").tag("direction", "out").baseUnit("bytes")
                .description("File content passed between WOPI clients or users and storage-service").register(metrics);
        java.net.URI uri = java.net.URI.create(this.base);
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout(connectTimeout)
                .setKeepAlive(true)
                // One connection per upload slot (and the downloads' own clients): an admitted upload never queues.
                .setMaxPoolSize(Math.max(64, slots.total()))
                // Content arrives in chunks of this size at most: the 8 KB default made a 100 MB GetFile 12,800
                // writes to the WOPI client's connection, each a system call.
                .setMaxChunkSize(CHUNK_BYTES)
                // Traced by CallSpans, under the request each transfer belongs to.
                .setTracingPolicy(TracingPolicy.IGNORE);
        this.client = vertx.createHttpClient(options);
        this.vertx = vertx;
        this.downloadOptions = new HttpClientOptions(options);
    }

    private HttpClient downloads() {
        // A client opens its connections on the event loop of the call that needs one.
        Thread loop = Context.isOnEventLoopThread() ? Thread.currentThread() : noLoop;
        return downloadsByLoop.computeIfAbsent(loop, ignored -> vertx.httpClientBuilder()
                .with(downloadOptions).withConnectHandler(this::readIntoDirectBuffers).build());
    }

    private void readIntoDirectBuffers(HttpConnection connection) {
        // Vert.x 4 offers no allocator option for a client; its connections are Netty channels underneath.
        if (connection instanceof ConnectionBase netty) {
            netty.channel().config().setAllocator(direct);
            // Reads of up to a chunk at once, not Netty's 64 KB: half the system calls per byte relayed.
            netty.channel().config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 64 * 1024, CHUNK_BYTES));
        }
    }

    @PreDestroy
    void close() {
        client.close();
        downloadsByLoop.values().forEach(HttpClient::close);
    }

    /**
     * The body of an answer that is not the content (an error from storage-service), read whole: it is small JSON.
     * {@link #get} hands responses over paused, and a paused response never ends: the reader is attached first, then
     * the response resumed (reading it the other way round hung GetFile on every storage error).
     */
    static Future<Buffer> errorBody(HttpClientResponse response) {
        Promise<Buffer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            body.appendBuffer(chunk);
            release(chunk);
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(ignored -> done.tryComplete(body));
        response.resume();
        return done.future();
    }

    /**
     * Streams a content answer of {@link #get} to {@code response} with back-pressure (the upstream pauses while the
     * client's write queue is full) and frees each chunk once it is written. Fails when either side goes away; the
     * upstream connection is then closed, as its answer was not read to the end.
     */
    static Future<Void> relay(HttpClientResponse upstream, HttpServerResponse response) {
        Promise<Void> done = Promise.promise();
        // Room for two chunks before back-pressure pauses the upstream: with the 64 KB default every chunk paused and
        // resumed the transfer. This, plus the chunk being read, is what a download holds in memory.
        response.setWriteQueueMaxSize(CHUNK_BYTES * 2);
        response.closeHandler(ignored -> done.tryFail(new IOException("the client closed the connection mid-download")));
        response.exceptionHandler(done::tryFail);
        upstream.exceptionHandler(done::tryFail);
        upstream.handler(chunk -> {
            if (done.future().isComplete()) {
                release(chunk);
                return;
            }
            try {
                response.write(chunk, written -> {
                    release(chunk);
                    if (written.failed()) {
                        done.tryFail(written.cause());
                    }
                });
            } catch (RuntimeException ended) {
                release(chunk);
                done.tryFail(ended);
                return;
            }
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(ignored -> upstream.resume());
            }
        });
        upstream.endHandler(ignored -> response.end().onComplete(done));
        upstream.resume();
        return done.future().onFailure(failure -> upstream.request().connection().close());
    }

    /** Frees a chunk read by the download client (a copy on the heap, should one arrive, is left to the collector). */
    private static void release(Buffer chunk) {
        if (chunk instanceof BufferImpl impl) {
            ReferenceCountUtil.safeRelease(impl.byteBuf());
        }
    }

    /** The file's current content, paused until sent on; a refusal is read and fails the download. */
    Future<StorageClient.Download> download(String fileId) {
        return downloadPath("/files/" + fileId + "/content");
    }

    /** A kept save's content (unsaved changes), as {@link #download}. */
    Future<StorageClient.Download> downloadUnsaved(String fileId, String unsavedId) {
        return downloadPath("/files/" + fileId + "/unsaved/" + InternalPaths.segment(unsavedId) + "/content");
    }

    private Future<StorageClient.Download> downloadPath(String path) {
        CallSpans.Call call = spans.start(StorageClient.SERVICE, HttpMethod.GET, host, port, path);
        return downloads().request(call.send(options(HttpMethod.GET, path)))
                .compose(request -> request.send())
                .compose(response -> {
                    response.pause();
                    if (response.statusCode() != 200) {
                        call.answered(response.statusCode());
                        return errorBody(response).map(body -> {
                            throw failure(response.statusCode(), body);
                        });
                    }
                    return Future.<StorageClient.Download>succeededFuture(new Download(response, call, bytesOut));
                })
                .onFailure(call::failed);
    }

    /** A content answer of storage-service, paused until sent on. */
    private static final class Download implements StorageClient.Download {

        private final HttpClientResponse upstream;
        /** Ends when the content has been relayed (or given up): the span covers the whole transfer. */
        private final CallSpans.Call call;
        private final Counter sent;

        Download(HttpClientResponse upstream, CallSpans.Call call, Counter sent) {
            this.upstream = upstream;
            this.call = call;
            this.sent = sent;
        }

        @Override
        public long length() {
            return Long.parseLong(upstream.getHeader("Content-Length"));
        }

        @Override
        public String version() {
            return upstream.getHeader("X-Version");
        }

        @Override
        public String etag() {
            return upstream.getHeader("ETag");
        }

        @Override
        public Uni<Void> sendTo(HttpServerResponse response) {
            return Uni.createFrom().completionStage(() -> relay(upstream, response)
                    .onComplete(done -> {
                        if (done.succeeded()) {
                            sent.increment(length());
                            call.answered(200);
                        } else {
                            call.failed(done.cause());
                        }
                    }).toCompletionStage());
        }

        @Override
        public void discard() {
            // Not reading a file nobody wants: the connection is closed rather than drained.
            upstream.exceptionHandler(ignored -> { });
            upstream.request().connection().close();
            call.answered(200);
        }
    }

    /**
     * A new version from {@code body}.
     *
     * @param headers storage-service's conditions and annotations (If-Match, X-Fencing-Token, X-Modified-By, ...)
     */
    Future<StorageClient.FileMeta> put(String fileId, RequestBody body, Map<String, String> headers, String userId) {
        return upload(HttpMethod.PUT, "/files/" + fileId + "/content", body, headers, userId);
    }

    /** A save the caller refused, kept as the session's unsaved changes of the file. */
    Future<StorageClient.Unsaved> keep(String fileId, RequestBody body, Map<String, String> headers, String userId) {
        UploadSlots.Slot slot;
        try {
            slot = slots.acquire(userId);
        } catch (ApiException refused) {
            return Future.failedFuture(refused);
        }
        return send(HttpMethod.POST, "/files/" + fileId + "/unsaved", body, headers, StorageClient.Unsaved.class)
                .onComplete(ignored -> slot.release());
    }

    /** A new file in the folder, uploaded by its owner. */
    Future<StorageClient.FileMeta> create(String name, String ownerId, String containerId, RequestBody body) {
        String path = "/files?name=" + InternalPaths.query(name) + "&ownerId=" + InternalPaths.query(ownerId)
                + "&containerId=" + InternalPaths.query(containerId);
        return upload(HttpMethod.POST, path, body, Map.of(), ownerId);
    }

    /**
     * One upload: admitted by {@link UploadSlots} for its user (or refused with 429 before anything is read), then
     * piped to storage-service while it keeps bringing {@code wopi.uploads.min-progress-bytes} per window (or ended
     * with 408: a sender trickling a byte now and then would otherwise hold a connection for as long as it likes).
     */
    private Future<StorageClient.FileMeta> upload(HttpMethod method, String path, RequestBody body,
                                                  Map<String, String> headers, String userId) {
        UploadSlots.Slot slot;
        try {
            slot = slots.acquire(userId);
        } catch (ApiException refused) {
            return Future.failedFuture(refused);
        }
        return send(method, path, body, headers, StorageClient.FileMeta.class).onComplete(ignored -> slot.release());
    }

    private <T> Future<T> send(HttpMethod method, String path, RequestBody source, Map<String, String> headers,
                               Class<T> answerType) {
        Long length = source.length();
        CountingStream body = new CountingStream(source.stream());
        boolean[] slow = new boolean[1];
        CallSpans.Call call = spans.start(StorageClient.SERVICE, method, host, port, path);
        return client.request(call.send(options(method, path))).compose(request -> {
            headers.forEach(request::putHeader);
            request.putHeader("Content-Type", "application/octet-stream");
            if (length != null) {
                request.putHeader("Content-Length", Long.toString(length));
            } else {
                request.setChunked(true);
            }
            // A WOPI client that goes away mid-upload must not leave storage-service waiting for the rest of the body on
            // one of our pooled connections: the upstream request is reset at once (storage-service then keeps the
            // previous version), and the connection dies with it.
            // The client may have gone while its request waited (token, proof, lock checks): its body will never
            // come, and a pipe from it would never end.
            if (source.senderGone()) {
                request.reset(0, new IOException("the client closed the connection before its upload started"));
                return Future.failedFuture(new DependencyException("client", 503, null,
                        "the client closed the connection before its upload started", Map.of()));
            }
            source.onSenderGone(() -> request.reset(0, new IOException("the client closed the connection mid-upload")));
            source.continueIfExpected();
            // Room for two chunks before back-pressure pauses the client's upload, as for downloads.
            request.setWriteQueueMaxSize(CHUNK_BYTES * 2);
            long timer = watchProgress(body, request, slow);
            body.pipe().endOnFailure(false).to(request).onComplete(done -> vertx.cancelTimer(timer))
                    .onFailure(failure -> request.reset(0, failure));
            return request.response().onComplete(ignored -> {
                        vertx.cancelTimer(timer);
                        bytesIn.increment(body.received());
                    })
                    .recover(failure -> slow[0] ? Future.failedFuture(tooSlow()) : interrupted(failure))
                    .compose(response -> response.body().map(answer -> {
                call.answered(response.statusCode());
                if (response.statusCode() >= 300) {
                    // storage-service may refuse (412, 413, ...) before reading the whole body: the connection is
                    // then mid-request and must never carry another one.
                    request.connection().close();
                }
                return parse(response.statusCode(), answer, answerType);
            }));
        }).onFailure(call::failed);
    }

    /** Ends the upload when a window passes with less than the minimum progress; the timer's id, to cancel it. */
    private long watchProgress(CountingStream body, io.vertx.core.http.HttpClientRequest request, boolean[] slow) {
        long[] mark = {0};
        return vertx.setPeriodic(progressWindow.toMillis(), timer -> {
            long received = body.received();
            if (received - mark[0] < minProgressBytes) {
                slow[0] = true;
                vertx.cancelTimer(timer);
                request.reset(0, new IOException("the upload made too little progress"));
                return;
            }
            mark[0] = received;
        });
    }

    private ApiException tooSlow() {
        return new ApiException(ErrorCode.REQUEST_TIMEOUT, "the upload made too little progress: less than " + minProgressBytes
                + " bytes in " + progressWindow.toSeconds() + " s; nothing was saved, send it again");
    }

    /** An upload cut off on either side (storage-service gone, the client gone): a 503, never taken for a save. */
    private static Future<HttpClientResponse> interrupted(Throwable failure) {
        if (failure instanceof DependencyException) {
            return Future.failedFuture(failure);
        }
        return Future.failedFuture(new DependencyException(StorageClient.SERVICE, 503, null,
                "the upload to storage-service was cut off: " + failure.getMessage(), Map.of()));
    }

    private <T> T parse(int status, Buffer answer, Class<T> answerType) {
        if (status < 200 || status >= 300) {
            throw failure(status, answer);
        }
        try {
            return json.readValue(answer.getBytes(), answerType);
        } catch (IOException e) {
            throw new DependencyException(StorageClient.SERVICE, status, null, "unreadable answer", Map.of());
        }
    }

    /** Builds a DependencyException from a non-2xx content answer whose body was read. */
    private DependencyException failure(int status, Buffer answer) {
        return DependencyException.of(StorageClient.SERVICE, status, answer.getBytes(), json);
    }

    private RequestOptions options(HttpMethod method, String path) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(base + path).setIdleTimeout(IDLE_TIMEOUT_MS);
        String authorization = credentials.authorization(StorageClient.SERVICE);
        if (authorization != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return options;
    }
}
