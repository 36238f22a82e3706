package org.openwopi.wopi.clients;

import java.nio.charset.StandardCharsets;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;

/** The {@link RequestBody} of a request received by a Vert.x route, which keeps it paused until it is taken. */
public final class ServerRequestBody implements RequestBody {

    private final HttpServerRequest request;

    private ServerRequestBody(HttpServerRequest request) {
        this.request = request;
    }

    public static ServerRequestBody of(HttpServerRequest request) {
        return new ServerRequestBody(request);
    }

    /** The declared length; a Content-Length that is not a length is refused (400). */
    @Override
    public Long length() {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return null;
        }
        String trimmed = declared.trim();
        if (!trimmed.matches("\\d{1,18}")) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Content-Length is not a number");
        }
        return Long.parseLong(trimmed);
    }

    @Override
    public Uni<String> text(int maxBytes, RuntimeException tooLong) {
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (read.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                request.pause();
                read.tryFail(tooLong);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(read::tryFail);
        request.endHandler(ignored -> read.tryComplete(body));
        request.resume();
        return Uni.createFrom().completionStage(read.future().toCompletionStage())
                .map(bytes -> bytes.toString(StandardCharsets.UTF_8));
    }

    @Override
    public ReadStream<Buffer> stream() {
        return request;
    }

    @Override
    public boolean senderGone() {
        return request.response().closed();
    }

    @Override
    public void onSenderGone(Runnable whenGone) {
        request.response().closeHandler(ignored -> whenGone.run());
    }

    @Override
    public void continueIfExpected() {
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // The checks passed and the body is wanted now. Clients that ask (.NET's by default, curl for large
            // bodies) hold it back until this comes, or until they tire of waiting: a second for curl.
            request.response().writeContinue();
        }
    }
}
