package org.openwopi.wopi.edge;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.openwopi.wopi.audit.WopiAudit;
import org.openwopi.wopi.clients.ServerRequestBody;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.operations.ActivityOperations;
import org.openwopi.wopi.operations.ContainerOperations;
import org.openwopi.wopi.operations.ContentOperations;
import org.openwopi.wopi.operations.EcosystemOperations;
import org.openwopi.wopi.operations.FileOperations;
import org.openwopi.wopi.operations.LockOperations;
import org.openwopi.wopi.protocol.Failures;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiOperation;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Ids;
import org.openwopi.wopi.security.proof.ProofValidator;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.InvalidTokenException;
import org.openwopi.wopi.security.token.Resource;

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
    private final LockOperations locks;
    private final ContentOperations contents;
    private final ContainerOperations containers;
    private final EcosystemOperations ecosystem;
    private final ActivityOperations activities;
    private final ObjectMapper json;
    private final String publicBase;

    private final WopiAudit audit;
    private final WopiMetrics metrics;
    private final String defaultClient;
    private static final String OPERATION = "wopi.operation";
    private static final String CLIENT = "wopi.client";

    WopiRoutes(AccessTokens tokens, AccessGate gate, ProofValidator proofs, FileOperations files, LockOperations locks,
               ContentOperations contents, ContainerOperations containers, EcosystemOperations ecosystem,
               ActivityOperations activities, ObjectMapper json, WopiConfig config, WopiAudit audit,
               WopiMetrics metrics) {
        this.metrics = metrics;
        this.defaultClient = config.proof().client();
        this.audit = audit;
        this.activities = activities;
        this.locks = locks;
        this.ecosystem = ecosystem;
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
        router.get("/fileurl/:id").order(-100).handler(this::handleFileUrl);
    }

    /**
     * CheckFileInfo's FileUrl: the file's content for a FileUrl token (never an access token: this URL carries no
     * proof), held to the user's role now as any WOPI request is, and answered as GetFile.
     */
    private void handleFileUrl(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        RequestTelemetry.Traced traced = RequestTelemetry.received(request);
        String id = ctx.pathParam("id");
        AccessToken token;
        try {
            if (!Ids.valid(id)) {
                throw WopiException.notFound("no such file");
            }
            try {
                token = tokens.verifyFileUrl(request.getParam("t"));
            } catch (InvalidTokenException e) {
                throw WopiException.unauthorized(e.getMessage());
            }
            if (!gate.inScope(token, Resource.Kind.FILE, id)) {
                throw WopiException.notFound("the link is for another file");
            }
            RequestTelemetry.authenticated(traced, request, id, token.client());
            RequestTelemetry.operation(traced, WopiOperation.GET_FILE);
        } catch (WopiException e) {
            fail(ctx, e);
            return;
        }
        gate.current(token)
                .flatMap(current -> contents.getFile(new WopiCall(WopiOperation.GET_FILE, id, current, request::getHeader,
                        ServerRequestBody.of(request), request.path())))
                .subscribe().with(reply -> respond(ctx, reply), failure -> fail(ctx, failure));
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        RequestTelemetry.Traced traced = RequestTelemetry.received(request);
        long started = System.nanoTime();
        ctx.addEndHandler(ended -> metrics.answered(ctx.get(OPERATION), ctx.get(CLIENT), ctx.response().getStatusCode(),
                System.nanoTime() - started));
        Authenticated authenticated;
        try {
            authenticated = authenticate(ctx);
            ctx.put(CLIENT, authenticated.token().client() == null ? defaultClient : authenticated.token().client());
            RequestTelemetry.authenticated(traced, request, authenticated.id(), ctx.get(CLIENT));
        } catch (WopiException e) {
            fail(ctx, e);
            return;
        }
        Uni<?> proof = proofs.enabled()
                ? proofs.check(authenticated.token().client(), request.getParam("access_token"), publicBase + request.uri(),
                        request.getHeader(WopiHeaders.TIMESTAMP), request.getHeader(WopiHeaders.PROOF),
                        request.getHeader(WopiHeaders.PROOF_OLD))
                : Uni.createFrom().voidItem();
        proof.flatMap(ignored -> gate.current(authenticated.token()))
                .flatMap(token -> {
                    WopiCall call = authenticated.call(request, token);
                    ctx.put(OPERATION, call.operation());
                    RequestTelemetry.operation(traced, call.operation());
                    return dispatch(call).invoke(reply -> audit.succeeded(call, reply));
                })
                .subscribe().with(reply -> respond(ctx, reply), failure -> fail(ctx, failure));
    }

    private Authenticated authenticate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String[] parts = request.path().substring("/wopi/".length()).split("/", -1);
        WopiOperation.Endpoint endpoint = WopiOperation.Endpoint.of(parts[0]);
        if (endpoint == null) {
            throw WopiException.notFound("no such WOPI endpoint: " + request.path());
        }
        String id = "";
        String sub;
        if (endpoint.hasId()) {
            if (parts.length < 2 || parts.length > 3 || parts[1].isEmpty()) {
                throw WopiException.notFound("no such WOPI endpoint: " + request.path());
            }
            id = parts[1];
            if (!Ids.valid(id)) {
                // Our ids are UUIDs: anything else (traversal, encoded separators, control characters, a thousand
                // characters) names nothing here, and is never passed on to storage-service.
                throw WopiException.notFound("no such " + endpoint.item());
            }
            sub = parts.length == 3 ? parts[2] : "";
        } else {
            if (parts.length > 2) {
                throw WopiException.notFound("no such WOPI endpoint: " + request.path());
            }
            sub = parts.length == 2 ? parts[1] : "";
        }
        AccessToken token;
        try {
            token = tokens.verify(request.getParam("access_token"));
        } catch (InvalidTokenException e) {
            throw WopiException.unauthorized(e.getMessage());
        }
        if (!gate.inScope(token, endpoint.kind(), id)) {
            throw WopiException.notFound("the access token is for another " + (endpoint == WopiOperation.Endpoint.FILES ? "file" : "item"));
        }
        return new Authenticated(endpoint, id, sub, token);
    }

    /** A request whose token holds for what it names; which operation it asks for is decided once its proof holds. */
    private record Authenticated(WopiOperation.Endpoint endpoint, String id, String sub, AccessToken token) {

        /** The call, with the token as the access gate allows it now ({@link AccessGate#current}). */
        WopiCall call(HttpServerRequest request, AccessToken current) {
            WopiOperation operation = WopiOperation.of(endpoint, sub, request.method().name(),
                    request.getHeader(WopiHeaders.OVERRIDE), request.path());
            return new WopiCall(operation, id, current, request::getHeader, ServerRequestBody.of(request), request.path());
        }
    }

    private Uni<WopiReply> dispatch(WopiCall call) {
        return switch (call.operation()) {
            case CHECK_FILE_INFO -> files.checkFileInfo(call);
            case LOCK -> locks.lock(call);
            case GET_LOCK -> locks.getLock(call);
            case REFRESH_LOCK -> locks.refreshLock(call);
            case UNLOCK -> locks.unlock(call);
            case PUT_RELATIVE_FILE -> contents.putRelativeFile(call);
            case RENAME_FILE -> files.renameFile(call);
            case DELETE_FILE -> files.deleteFile(call);
            case PUT_USER_INFO -> files.putUserInfo(call);
            case GET_SHARE_URL -> files.getShareUrl(call);
            case ADD_ACTIVITIES -> activities.addActivities(call);
            case GET_FILE -> contents.getFile(call);
            case PUT_FILE -> contents.putFile(call);
            case ENUMERATE_FILE_ANCESTORS -> containers.fileAncestors(call);
            case GET_FILE_ECOSYSTEM, GET_CONTAINER_ECOSYSTEM -> ecosystem.ecosystemPointer(call);
            case CHECK_CONTAINER_INFO -> containers.checkContainerInfo(call);
            case CREATE_CHILD_CONTAINER -> containers.createChildContainer(call);
            case CREATE_CHILD_FILE -> contents.createChildFile(call);
            case DELETE_CONTAINER -> containers.deleteContainer(call);
            case RENAME_CONTAINER -> containers.renameContainer(call);
            case GET_CONTAINER_SHARE_URL -> containers.getShareUrl(call);
            case ENUMERATE_CONTAINER_ANCESTORS -> containers.enumerateAncestors(call);
            case ENUMERATE_CHILDREN -> containers.enumerateChildren(call);
            case CHECK_ECOSYSTEM -> ecosystem.checkEcosystem(call);
            case GET_ROOT_CONTAINER -> ecosystem.rootContainerPointer(call);
        };
    }

    private void respond(RoutingContext ctx, WopiReply reply) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            if (reply.content() != null) {
                reply.content().discard();
            }
            return;
        }
        drain(ctx.request());
        response.setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        if (reply.content() != null) {
            reply.content().sendTo(response).subscribe().with(sent -> { }, failure -> fail(ctx, failure));
            return;
        }
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
