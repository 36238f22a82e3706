package org.openwopi.storage.file;

import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.openwopi.common.ApiException;
import org.openwopi.storage.unsaved.UnsavedChanges;
import org.openwopi.common.ApiExceptionMappers;
import org.openwopi.common.ErrorCode;
import org.openwopi.common.RouteProblems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The two content uploads, {@code POST /files} and {@code PUT /files/{id}/content}, as Vert.x routes ahead of Quarkus
 * REST: the body goes from the connection to the blob store through {@link RequestBodyStream} (large batches,
 * back-pressure) on a worker thread; the database steps before and after run on the connection's event loop. Quarkus REST's own blocking input stream hands the worker one small network
 * buffer at a time, which capped uploads at about a quarter of nginx's speed. Errors are the service's usual
 * problem+json answers ({@link ApiExceptionMappers}, through {@link RouteProblems}).
 */
@ApplicationScoped
public class ContentUploadRoutes {

    /** How long an upload may stall before it is abandoned (the previous version stays current). */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final ContentUploads uploads;
    private final ObjectMapper json;

    ContentUploadRoutes(ContentUploads uploads, ObjectMapper json) {
        this.uploads = uploads;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.post("/files").order(-100).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            String name = request.getParam("name");
            String ownerId = request.getParam("ownerId");
            String containerId = request.getParam("containerId");
            run(ctx, 201, (body, loop) -> uploads.create(name, ownerId, containerId, body, loop));
        });
        router.put("/files/:id/content").order(-100).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            String id = ctx.pathParam("id");
            Preconditions preconditions;
            try {
                preconditions = Preconditions.parse(request.getHeader("If-Match"), request.getHeader("X-Fencing-Token"));
            } catch (ApiException e) {
                fail(ctx, e);
                return;
            }
            FileService.WriteContext write;
            try {
                write = new FileService.WriteContext(request.getHeader("X-Modified-By"), request.getHeader("X-Session-Id"),
                        "true".equalsIgnoreCase(request.getHeader("X-Autosave")), Editors.parse(request.getHeader("X-Editors")),
                        renameTo(request.getHeader("X-Rename-To")));
            } catch (ApiException e) {
                fail(ctx, e);
                return;
            }
            // wopi-api-service's PutFile: a refused save is kept as the session's unsaved changes, not lost.
            boolean keepRefused = "true".equalsIgnoreCase(request.getHeader("X-Keep-Refused"));
            run(ctx, 200, (body, loop) -> uploads.write(id, preconditions, write, body, loop, keepRefused));
        });
        // A save the caller refused (a lost or different lock, an older Collabora copy), kept as unsaved changes.
        router.post("/files/:id/unsaved").order(-100).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            String id = ctx.pathParam("id");
            runKeep(ctx, (body, loop) -> uploads.keep(id, request.getHeader("X-Session-Id"), request.getHeader("X-Modified-By"),
                    request.getHeader("X-Reason"), body, loop));
        });
    }

    private interface Upload {
        Uni<FileView> apply(RequestBodyStream body, Executor loop);
    }

    private interface Keep {
        Uni<UnsavedChanges.Unsaved> apply(RequestBodyStream body, Executor loop);
    }

    private void runKeep(RoutingContext ctx, Keep keep) {
        run(ctx, 201, (body, loop) -> keep.apply(body, loop).map(kept -> {
            ctx.put("unsaved", kept);
            return null;
        }));
    }

    private void run(RoutingContext ctx, int status, Upload upload) {
        HttpServerRequest request = ctx.request();
        request.pause();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declared.matches("\\d{1,19}") && Long.parseLong(declared) > uploads.maxBytes()) {
            fail(ctx, new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than " + uploads.maxBytes()
                    + " bytes (storage.max-file-size)"));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // Clients such as curl wait for this before sending a large body (up to a second when it never comes).
            ctx.response().writeContinue();
        }
        Context context = ctx.vertx().getOrCreateContext();
        RequestBodyStream body = new RequestBodyStream(request, context, IDLE_TIMEOUT);
        Executor loop = command -> context.runOnContext(ignored -> command.run());
        Uni.createFrom().deferred(() -> upload.apply(body, loop)).emitOn(loop)
                .subscribe().with(file -> respond(ctx, status, file), failure -> fail(ctx, failure));
    }

    private void respond(RoutingContext ctx, int status, FileView file) {
        if (file == null) {
            // A kept save: its record is the answer.
            try {
                ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(json.writeValueAsString(ctx.get("unsaved")));
            } catch (JsonProcessingException e) {
                fail(ctx, e);
            }
            return;
        }
        HttpServerResponse response = ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ETAG, file.etag())
                .putHeader(FileResource.VERSION_HEADER, Long.toString(file.version()));
        if (status == 201) {
            response.putHeader(HttpHeaders.LOCATION, "/files/" + file.id());
        }
        try {
            response.end(json.writeValueAsString(file));
        } catch (JsonProcessingException e) {
            fail(ctx, e);
        }
    }

    /** X-Rename-To: the new name, percent-encoded UTF-8 (a header carries no other characters safely). */
    static String renameTo(String header) {
        if (header == null) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(header, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "X-Rename-To is not percent-encoded UTF-8");
        }
    }

    private void fail(RoutingContext ctx, Throwable failure) {
        if (!ctx.response().ended()) {
            RouteProblems.write(ctx.response(), failure, json::writeValueAsString);
        }
    }
}
