package org.openwopi.common;

import java.util.UUID;

import org.jboss.resteasy.reactive.RestResponse;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@link ApiExceptionMappers}' answers for the streaming Vert.x routes that run ahead of Quarkus REST (uploads and
 * downloads), so a failure reads the same whichever way the request came in.
 */
public final class RouteProblems {

    private static final ApiExceptionMappers MAPPERS = new ApiExceptionMappers();

    private RouteProblems() {
    }

    /** The service's JSON writer, e.g. {@code objectMapper::writeValueAsString}. */
    public interface Encoder {
        String encode(Object value) throws Exception;
    }

    /** Ends {@code response} with the problem+json answer for {@code failure}; the caller checks it has not begun. */
    public static Future<Void> write(HttpServerResponse response, Throwable failure, Encoder json) {
        RestResponse<ApiError> problem = failure instanceof ApiException api
                ? MAPPERS.mapApiException(api) : MAPPERS.mapUnexpected(failure);
        response.setStatusCode(problem.getStatus()).putHeader("Content-Type", ApiError.MEDIA_TYPE);
        String retryAfter = problem.getHeaderString("Retry-After");
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        try {
            return response.end(json.encode(problem.getEntity()));
        } catch (Exception e) {
            return response.end("{\"status\":" + problem.getStatus() + ",\"reference\":\"" + UUID.randomUUID() + "\"}");
        }
    }

    /**
     * As {@link #write}, then closes the connection once the answer is out: for a request whose body is refused unread
     * (too large, too slow), which would otherwise have to be read to its end before the connection could carry more.
     */
    public static void writeAndClose(HttpServerRequest request, Throwable failure, Encoder json) {
        request.response().putHeader("Connection", "close");
        write(request.response(), failure, json).onComplete(written -> request.connection().close());
    }
}
