package org.openwopi.wopi.userapi;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.common.RouteProblems;
import org.openwopi.wopi.audit.AuditTrail;
import org.openwopi.wopi.clients.ServerRequestBody;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Ids;
import org.openwopi.wopi.security.token.Permission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The user API's uploads and downloads, as Vert.x routes so the bytes stream between the user's connection and
 * storage-service without being held in memory (see {@link StorageClient}). Same authentication and answers as
 * {@link UserApiResource}.
 */
@ApplicationScoped
public class UserContentRoutes {

    private final UserFiles files;
    private final AccessGate gate;
    private final StorageClient storage;
    private final IdentityProviderManager identities;
    private final ObjectMapper json;
    private final AuditTrail audit;

    UserContentRoutes(UserFiles files, AccessGate gate, StorageClient storage, IdentityProviderManager identities,
                      ObjectMapper json, AuditTrail audit) {
        this.audit = audit;
        this.files = files;
        this.gate = gate;
        this.storage = storage;
        this.identities = identities;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.post("/api/files").order(-100).handler(ctx -> authenticated(ctx, user -> upload(ctx, user)));
        router.put("/api/files/:id/content").order(-100).handler(ctx -> authenticated(ctx, user -> replace(ctx, user)));
        router.get("/api/files/:id/content").order(-100).handler(ctx -> authenticated(ctx, user -> download(ctx, user)));
        router.get("/api/files/:id/unsaved/:unsavedId/content").order(-100)
                .handler(ctx -> authenticated(ctx, user -> downloadUnsaved(ctx, user)));
    }

    private void authenticated(RoutingContext ctx, java.util.function.Function<User, Uni<?>> work) {
        ctx.request().pause();
        Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(ctx, identities);
        identity.flatMap(who -> {
            if (who == null || who.isAnonymous()) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "sign in first: send an OIDC bearer token");
            }
            return work.apply(User.of(who));
        }).subscribe().with(ignored -> { }, failure -> fail(ctx, failure));
    }

    private Uni<Void> upload(RoutingContext ctx, User user) {
        HttpServerRequest request = ctx.request();
        String name = request.getParam("name");
        String folder = request.getParam("folderId");
        if (name == null || name.isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the name query parameter is required");
        }
        String folderId = folder == null || folder.isEmpty() ? AccessGate.ROOT : folder;
        if (!AccessGate.ROOT.equals(folderId) && !Ids.valid(folderId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no folder " + folderId);
        }
        ServerRequestBody body = ServerRequestBody.of(request);
        body.length(); // a Content-Length that is not a length is refused before anything is looked up
        // The gate first: nothing is written into a folder the user may not create files in.
        return gate.folder(user.id(), folderId, Permission.CREATE)
                .flatMap(target -> storage.create(name, user.id(), target.id(), body))
                .invoke(file -> audit.file(user.id(), "upload", file.id(), null, null, file.name()))
                .onFailure().transform(UserFiles::translate)
                .map(file -> {
                    respond(ctx, 201, file);
                    return null;
                });
    }

    private Uni<Void> replace(RoutingContext ctx, User user) {
        HttpServerRequest request = ctx.request();
        String id = ctx.pathParam("id");
        ServerRequestBody body = ServerRequestBody.of(request);
        body.length(); // a Content-Length that is not a length is refused before anything is looked up
        return files.file(user.id(), id, Permission.EDIT)
                .flatMap(file -> files.underApiLock(id, user.id(), fencing -> storage.upload(id, body,
                        Map.of("X-Fencing-Token", Long.toString(fencing), "X-Modified-By", user.id()), user.id())))
                .invoke(file -> audit.file(user.id(), "save", id, null, null, "version " + file.version()))
                .map(file -> {
                    respond(ctx, 200, file);
                    return null;
                });
    }

    private Uni<Void> download(RoutingContext ctx, User user) {
        String id = ctx.pathParam("id");
        return files.file(user.id(), id, Permission.VIEW)
                .flatMap(file -> storage.download(id).map(content -> java.util.Map.entry(file.name(), content)))
                .onFailure().transform(UserFiles::translate)
                .flatMap(named -> {
                    var content = named.getValue();
                    // Opened as a link (Office's Download button), it saves under the file's name.
                    HttpServerResponse response = ctx.response().setStatusCode(200)
                            .putHeader("Content-Type", "application/octet-stream")
                            .putHeader("Content-Disposition", attachment(named.getKey()))
                            .putHeader("Content-Length", Long.toString(content.length()));
                    copy(content.etag(), "ETag", response);
                    copy(content.version(), "X-Version", response);
                    return content.sendTo(response)
                            .invoke(() -> audit.file(user.id(), "download", id, null, null, content.version() == null
                                    ? null : "version " + content.version()));
                });
    }

    /** A kept save's content, for those who may edit the file, as an attachment. */
    private Uni<Void> downloadUnsaved(RoutingContext ctx, User user) {
        String id = ctx.pathParam("id");
        String unsavedId = ctx.pathParam("unsavedId");
        UserApiResource.requireUnsavedId(unsavedId);
        return files.file(user.id(), id, Permission.EDIT)
                .flatMap(file -> storage.downloadUnsaved(id, unsavedId).map(content -> java.util.Map.entry(file.name(), content)))
                .onFailure().transform(UserFiles::translate)
                .flatMap(named -> {
                    var content = named.getValue();
                    return content.sendTo(ctx.response().setStatusCode(200)
                            .putHeader("Content-Type", "application/octet-stream")
                            .putHeader("Content-Disposition", attachment("unsaved changes of " + named.getKey()))
                            .putHeader("Content-Length", Long.toString(content.length())))
                            .invoke(() -> audit.file(user.id(), "download-unsaved", id, null, null, null));
                });
    }

    /** Saved under this name when opened as a link (RFC 6266, the name UTF-8 and percent-encoded). */
    private static String attachment(String fileName) {
        return "attachment; filename*=UTF-8''" + java.net.URLEncoder.encode(fileName, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static void copy(String value, String header, HttpServerResponse response) {
        if (value != null) {
            response.putHeader(header, value);
        }
    }

    private void respond(RoutingContext ctx, int status, FileMeta file) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(UserApiResource.entry(file, null)));
        } catch (JsonProcessingException e) {
            fail(ctx, e);
        }
    }

    private void fail(RoutingContext ctx, Throwable failure) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            if (!response.ended()) {
                ctx.request().connection().close();
            }
            return;
        }
        HttpServerRequest request = ctx.request();
        RuntimeException translated = UserFiles.translate(failure);
        if (translated instanceof ApiException api && api.code() == ErrorCode.REQUEST_TIMEOUT) {
            // The rest of a body that came too slowly is not waited for.
            RouteProblems.writeAndClose(request, translated, json::writeValueAsString);
            return;
        }
        if (!request.isEnded()) {
            request.handler(ignored -> { });
            request.resume();
        }
        if (translated instanceof ApiException api && api.code() == ErrorCode.UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        RouteProblems.write(response, translated, json::writeValueAsString);
    }
}
