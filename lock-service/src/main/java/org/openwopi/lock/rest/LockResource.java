package org.openwopi.lock.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.lock.model.LockOutcome;
import org.openwopi.lock.rest.dto.AcquireRequest;
import org.openwopi.lock.rest.dto.LockIdRequest;
import org.openwopi.lock.rest.dto.LockPage;
import org.openwopi.lock.rest.dto.LockView;
import org.openwopi.lock.rest.dto.RelockRequest;
import org.openwopi.lock.service.LockService;

import io.smallrye.mutiny.Uni;

/** The lock API wopi-api-service and operators use; README.md lists every status. */
@Path("/locks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LockResource {

    private final LockService locks;

    LockResource(LockService locks) {
        this.locks = locks;
    }

    /** Current locks, a page at a time (Redis SCAN). */
    @GET
    public Uni<LockPage> list(@RestQuery @DefaultValue("0") String cursor, @RestQuery @DefaultValue("100") int limit) {
        return locks.list(cursor, limit).map(page -> new LockPage(
                page.locks().stream().map(lock -> LockView.from(lock, LockOutcome.FOUND)).toList(), page.nextCursor()));
    }

    /** Body of {@code POST /locks/lookup}. */
    public record Lookup(java.util.List<String> fileIds) {
    }

    /** The locks of those of the files that are locked, in one request (a listing's page); unlocked ones are left out. */
    @POST
    @Path("/lookup")
    public Uni<java.util.List<LockView>> lookup(Lookup request) {
        if (request == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body {\"fileIds\": [...]} is required");
        }
        return locks.lookup(request.fileIds())
                .map(found -> found.stream().map(lock -> LockView.from(lock, LockOutcome.FOUND)).toList());
    }

    @GET
    @Path("/{fileId}")
    public Uni<LockView> get(@RestPath String fileId) {
        return locks.get(fileId).map(lock -> LockView.from(lock, LockOutcome.FOUND));
    }

    /** WOPI Lock: a new lock, or a refresh when the file holds the same id. */
    @POST
    @Path("/{fileId}/acquire")
    public Uni<LockView> acquire(@RestPath String fileId, AcquireRequest request) {
        AcquireRequest body = required(request);
        return locks.acquire(fileId, body.lockId(), body.userId(), body.clientApp())
                .map(done -> LockView.from(done.lock(), done.outcome()));
    }

    /** WOPI RefreshLock. */
    @POST
    @Path("/{fileId}/refresh")
    public Uni<LockView> refresh(@RestPath String fileId, LockIdRequest request) {
        return locks.refresh(fileId, required(request).lockId()).map(done -> LockView.from(done.lock(), done.outcome()));
    }

    /** WOPI Unlock; answers the lock as it was. */
    @POST
    @Path("/{fileId}/unlock")
    public Uni<LockView> unlock(@RestPath String fileId, LockIdRequest request) {
        return locks.unlock(fileId, required(request).lockId()).map(done -> LockView.from(done.lock(), done.outcome()));
    }

    /** WOPI UnlockAndRelock. */
    @POST
    @Path("/{fileId}/relock")
    public Uni<LockView> relock(@RestPath String fileId, RelockRequest request) {
        RelockRequest body = required(request);
        return locks.relock(fileId, body.oldLockId(), body.lockId(), body.userId(), body.clientApp())
                .map(done -> LockView.from(done.lock(), done.outcome()));
    }

    /** The operator's "unlock manually": removes the lock whatever its id; answers the lock it removed. */
    @DELETE
    @Path("/{fileId}")
    public Uni<LockView> forceUnlock(@RestPath String fileId) {
        return locks.forceUnlock(fileId).map(lock -> LockView.from(lock, LockOutcome.UNLOCKED));
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body is required");
        }
        return body;
    }
}
