package org.openwopi.wopi.userapi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.operations.GuardedWrites;
import org.openwopi.wopi.protocol.Failures;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Ids;
import org.openwopi.wopi.security.token.Permission;

import io.smallrye.mutiny.Uni;

/**
 * What the user API does with files, shared by its REST resource and its streaming routes: access (the access gate's
 * answer; what a user has no role on is answered as unknown) and the rule that nothing changes a file behind
 * Office's back. A write through this API holds a lock of its own in lock-service for its duration: while Office
 * holds the WOPI lock the write is refused with 423 naming the holder, and while the write runs Office cannot lock
 * the file (it gets a lock mismatch and retries), so neither side overwrites the other unseen.
 */
@ApplicationScoped
public class UserFiles {

    private static final Logger LOG = Logger.getLogger(UserFiles.class);
    private final AccessGate gate;
    private final GuardedWrites writes;
    private final LockClient locks;

    UserFiles(AccessGate gate, GuardedWrites writes, LockClient locks) {
        this.gate = gate;
        this.writes = writes;
        this.locks = locks;
    }

    /** The file, when the access gate lets the user do {@code need} with it. */
    public Uni<FileMeta> file(String userId, String fileId, Permission need) {
        return fileAccess(userId, fileId, need).map(AccessGate.Granted::item);
    }

    /** As {@link #file}, with the user's role on it. */
    public Uni<AccessGate.Granted<FileMeta>> fileAccess(String userId, String fileId, Permission need) {
        if (!Ids.valid(fileId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no file " + fileId);
        }
        return gate.fileAccess(userId, fileId, need).onFailure().transform(UserFiles::translate);
    }

    /** The WOPI locks of those of the files that are locked, by file id. */
    public Uni<Map<String, LockClient.Lock>> locks(java.util.List<String> fileIds) {
        return locks.current(fileIds);
    }

    /** The WOPI lock on the file, or null. */
    public Uni<LockClient.Lock> lock(String fileId) {
        return locks.current(fileId);
    }

    /** Breaks the lock whoever holds it; logged, since it may throw an editor's unsaved changes away. */
    public Uni<Void> forceUnlock(String fileId, String byUser) {
        LOG.infof("Lock on %s broken by %s", fileId, byUser);
        return locks.forceUnlock(fileId);
    }

    /**
     * Runs a write under a lock of the API's own; the work gets the lock's fencing token for storage-service.
     *
     * @throws ApiException LOCKED when Office (or another API write) holds the file
     */
    public <T> Uni<T> underApiLock(String fileId, String userId, Function<Long, Uni<T>> work) {
        return writes.underOwnLock(fileId, userId, "openwopi user API", holder -> locked(fileId, holder), work)
                .onFailure().transform(UserFiles::translate);
    }

    static ApiException locked(String fileId, LockClient.Lock holder) {
        Map<String, Object> extras = new LinkedHashMap<>();
        String who = "someone";
        if (holder != null && holder.holder() != null) {
            Map<String, Object> lockedBy = new LinkedHashMap<>();
            lockedBy.put("userId", holder.holder().userId());
            lockedBy.put("clientApp", holder.holder().clientApp());
            lockedBy.put("since", String.valueOf(holder.holder().acquiredAt()));
            extras.put("lockedBy", lockedBy);
            extras.put("lockExpiresAt", String.valueOf(holder.expiresAt()));
            who = holder.holder().userId() + " (" + holder.holder().clientApp() + ")";
        }
        return new ApiException(ErrorCode.LOCKED, "the file is being edited by " + who
                + "; it can be changed here once they close it", extras);
    }

    /** Failures of the internal services, as the user API reports them. */
    public static RuntimeException translate(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof DependencyException d && !d.unavailable()) {
            ErrorCode code = ErrorCode.forStatus(d.status());
            if (d.status() == 409 && d.service().equals(LockClient.SERVICE)) {
                code = ErrorCode.LOCKED;
            }
            return new ApiException(code, d.detail() == null ? d.getMessage() : d.detail());
        }
        WopiException wopi = Failures.toWopi(failure);
        if (wopi.status() == 503) {
            return ApiException.unavailable(wopi.getMessage(), java.time.Duration.ofSeconds(5), null);
        }
        return new ApiException(ErrorCode.forStatus(wopi.status()), wopi.getMessage());
    }
}
