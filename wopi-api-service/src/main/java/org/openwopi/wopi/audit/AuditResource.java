package org.openwopi.wopi.audit;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.userapi.User;
import org.openwopi.wopi.userapi.UserFiles;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * A file's audit trail, for anyone who may see the file (operators read all of it at {@link AdminAuditResource}).
 * Events reach storage-service a second or so after they happen (see {@link AuditTrail}).
 */
@Path("/api/files/{id}/activity")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final SecurityIdentity identity;
    private final UserFiles files;
    private final AccessGate gate;
    private final StorageClient storage;

    AuditResource(SecurityIdentity identity, UserFiles files, AccessGate gate, StorageClient storage) {
        this.identity = identity;
        this.files = files;
        this.gate = gate;
        this.storage = storage;
    }

    /** Who opened, saved, locked, restored, renamed, downloaded or shared the file, newest first. */
    @GET
    public Uni<StorageClient.AuditPage> fileActivity(@RestPath String id, @RestQuery String before,
                                                     @RestQuery @DefaultValue("50") int limit) {
        requireLimit(limit);
        String user = User.of(identity).id();
        return files.file(user, id, Permission.VIEW)
                .flatMap(file -> storage.audit(file.id(), null, null, null, before, limit))
                .onFailure().transform(UserFiles::translate);
    }

    static void requireLimit(int limit) {
        if (limit < 1 || limit > 500) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 500");
        }
    }

}
