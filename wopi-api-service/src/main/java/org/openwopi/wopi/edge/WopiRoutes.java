package org.openwopi.wopi.edge;

import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.operations.ContainerOperations;
import org.openwopi.wopi.operations.ContentOperations;
import org.openwopi.wopi.operations.FileOperations;
import org.openwopi.wopi.protocol.Failures;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Ids;
import org.openwopi.wopi.security.proof.ProofValidator;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.InvalidTokenException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every WOPI endpoint under {@code /wopi}, as one Vert.x route ahead of Quarkus REST: the request body stays
 * unread (paused) while the token and the proof are checked, then streams straight to storage-service for the
 * operations that carry a file. Order of checks: the endpoint exists (404), the token is ours and valid (401), it
 * is for this file or folder (404), the proof holds (500), then the operation (501 when unknown).
 */
@ApplicationScoped
public class WopiRoutes {

    private static final Logger LOG = Logger.getLogger(WopiRoutes.class);

    private final AccessTokens tokens;
    private final AccessGate gate;
    private final ProofValidator proofs;
    private final FileOperations files;
    private final ContentOperations contents;
    private final ContainerOperations containers;
    private final ObjectMapper json;
    private final String publicBase;

    WopiRoutes(AccessTokens tokens, AccessGate gate, ProofValidator proofs, FileOperations files, ContentOperations contents,
               ContainerOperations containers, ObjectMapper json, WopiConfig config) {
        this.tokens = tokens;
        this.gate = gate;
        this.proofs = proofs;
        this.files = files;
        this.contents = contents;
        this.containers = containers;
        this.json = json;
        String base = config.publicBaseUrl();
        this.publicBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    void register(@Observes Router router) {
        router.route("/wopi/*").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        WopiCall call;
        try {
            call = authenticate(ctx);
        } catch (WopiException e) {
            fail(ctx, e);
            return;
        }
        Uni<?> proof = proofs.enabled()
                ? proofs.check(request.getParam("access_token"), publicBase + request.uri(),
                        request.getHeader(WopiHeaders.TIMESTAMP), request.getHeader(WopiHeaders.PROOF),
                        request.getHeader(WopiHeaders.PROOF_OLD))
                : Uni.createFrom().voidItem();
        proof.flatMap(ignored -> dispatch(call))
                .subscribe().with(reply -> respond(ctx, reply), failure -> fail(ctx, failure));
    }

    private WopiCall authenticate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String[] parts = request.path().substring("/wopi/".length()).split("/", -1);
        String kind = parts[0];
        String id = "";
        String sub = "";
        switch (kind) {
            case "files", "containers" -> {
                if (parts.length < 2 || parts.length > 3 || parts[1].isEmpty()) {
                    throw WopiException.notFound("no such WOPI endpoint: " + request.path());
                }
                id = parts[1];
                if (!Ids.valid(id)) {
                    // Our ids are UUIDs: anything else (traversal, encoded separators, control characters, a
                    // thousand characters) names nothing here, and is never passed on to storage-service.
                    throw WopiException.notFound("no such " + (kind.equals("files") ? "file" : "folder"));
                }
                sub = parts.length == 3 ? parts[2] : "";
            }
            case "ecosystem" -> {
                if (parts.length > 2) {
                    throw WopiException.notFound("no such WOPI endpoint: " + request.path());
                }
                sub = parts.length == 2 ? parts[1] : "";
            }
            default -> throw WopiException.notFound("no such WOPI endpoint: " + request.path());
        }
        AccessToken token;
        try {
            token = tokens.verify(request.getParam("access_token"));
        } catch (InvalidTokenException e) {
            throw WopiException.unauthorized(e.getMessage());
        }
        if (!gate.inScope(token, kind, id)) {
            throw WopiException.notFound("the access token is for another " + (kind.equals("files") ? "file" : "item"));
        }
        String override = request.getHeader(WopiHeaders.OVERRIDE);
        return new WopiCall(ctx, kind, id, sub, override == null ? "" : override.trim().toUpperCase(Locale.ROOT), token);
    }

    private Uni<WopiReply> dispatch(WopiCall call) {
        String method = call.request().method().name();
        String route = call.kind() + "/" + call.sub() + " " + method;
        return switch (route) {
            case "files/ GET" -> files.checkFileInfo(call);
            case "files/ POST" -> switch (call.override()) {
                case "LOCK" -> files.lock(call);
                case "GET_LOCK" -> files.getLock(call);
                case "REFRESH_LOCK" -> files.refreshLock(call);
                case "UNLOCK" -> files.unlock(call);
                case "PUT_RELATIVE" -> contents.putRelativeFile(call);
                case "RENAME_FILE" -> files.renameFile(call);
                case "DELETE" -> files.deleteFile(call);
                case "PUT_USER_INFO" -> files.putUserInfo(call);
                default -> unknownOverride(call);
            };
            case "files/contents GET" -> contents.getFile(call);
            case "files/contents POST" -> call.override().equals("PUT") ? contents.putFile(call) : unknownOverride(call);
            case "files/ancestry GET" -> containers.fileAncestors(call);
            case "files/ecosystem_pointer GET" -> containers.ecosystemPointer(call);
            case "containers/ GET" -> containers.checkContainerInfo(call);
            case "containers/ POST" -> switch (call.override()) {
                case "CREATE_CHILD_CONTAINER" -> containers.createChildContainer(call);
                case "CREATE_CHILD_FILE" -> contents.createChildFile(call);
                case "DELETE_CONTAINER" -> containers.deleteContainer(call);
                case "RENAME_CONTAINER" -> containers.renameContainer(call);
                default -> unknownOverride(call);
            };
            case "containers/ancestry GET" -> containers.enumerateAncestors(call);
            case "containers/children GET" -> containers.enumerateChildren(call);
            case "containers/ecosystem_pointer GET" -> containers.ecosystemPointer(call);
            case "ecosystem/ GET" -> containers.checkEcosystem(call);
            case "ecosystem/root_container_pointer GET" -> containers.rootContainerPointer(call);
            default -> Uni.createFrom().failure(route.endsWith(" GET") || route.endsWith(" POST")
                    ? WopiException.notFound("no such WOPI endpoint: " + call.request().path())
                    : new WopiException(405, "method not allowed"));
        };
    }

    private static Uni<WopiReply> unknownOverride(WopiCall call) {
        return Uni.createFrom().failure(WopiException.notImplemented(
                "X-WOPI-Override '" + call.override() + "' is not supported on " + call.request().path()));
    }

    private void respond(RoutingContext ctx, WopiReply reply) {
        if (reply == WopiReply.WRITTEN) {
            return;
        }
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        drain(ctx.request());
        response.setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        if (reply.body() == null) {
            response.end();
            return;
        }
        try {
            response.putHeader("Content-Type", "application/json; charset=utf-8").end(json.writeValueAsString(reply.body()));
        } catch (JsonProcessingException e) {
            fail(ctx, e);
        }
    }

    private void fail(RoutingContext ctx, Throwable failure) {
        WopiException error = Failures.toWopi(failure);
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            if (!response.ended()) {
                // Part of a file was already sent: cutting the connection is the only honest way to say it failed.
                ctx.request().connection().close();
            }
            LOG.debugf("Failure after the answer began: %s", error.getMessage());
            return;
        }
        if (error.status() < 500 || error.status() == 503) {
            LOG.debugf("%s %s -> %d: %s", ctx.request().method(), ctx.request().path(), error.status(), error.getMessage());
        }
        // A body refused for its size or pace is not read on: the connection goes with the answer.
        boolean close = "close".equalsIgnoreCase(error.headers().get("Connection"));
        if (!close) {
            drain(ctx.request());
        }
        response.setStatusCode(error.status());
        for (Map.Entry<String, String> header : error.headers().entrySet()) {
            response.putHeader(header.getKey(), header.getValue());
        }
        if (!error.headers().containsKey("Content-Type")) {
            response.putHeader("Content-Type", "text/plain; charset=utf-8");
        }
        response.end(error.getMessage()).onComplete(written -> {
            if (close) {
                ctx.request().connection().close();
            }
        });
    }

    /** A body nobody read is discarded, so the connection can carry the next request. */
    private static void drain(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.handler(ignored -> { });
            request.resume();
        }
    }
}
