package org.openwopi.wopi.audit;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.QueryValues;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.userapi.UserFiles;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The whole audit trail, filtered by user, file and time, for operators ({@code wopi.host.operator-group}).
 */
@Path("/admin/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuditResource {

    private final SecurityIdentity identity;
    private final AccessGate gate;
    private final StorageClient storage;

    AdminAuditResource(SecurityIdentity identity, AccessGate gate, StorageClient storage) {
        this.identity = identity;
        this.gate = gate;
        this.storage = storage;
    }

    /** The whole trail, by user, file and time ({@code from} inclusive, {@code to} exclusive); operators only. */
    @GET
    public Uni<StorageClient.AuditPage> audit(@RestQuery String userId, @RestQuery String fileId, @RestQuery String from,
                                              @RestQuery String to, @RestQuery String before,
                                              @RestQuery @DefaultValue("50") int limit) {
        gate.requireOperator(identity, "the whole audit trail");
        AuditResource.requireLimit(limit);
        return storage.audit(QueryValues.optional(fileId), QueryValues.optional(userId), QueryValues.instant("from", from),
                        QueryValues.instant("to", to), before, limit)
                .onFailure().transform(UserFiles::translate);
    }
}
