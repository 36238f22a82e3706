package org.openwopi.wopi.templates;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.audit.AuditTrail;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Ids;
import org.openwopi.wopi.userapi.User;
import org.openwopi.wopi.userapi.UserFiles;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The user API's "New" menu: what can be created, and creating it in a folder. */
@Path("/api/files/new")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NewDocumentsResource {

    private final SecurityIdentity identity;
    private final NewDocuments documents;
    private final AccessGate gate;
    private final AuditTrail audit;

    NewDocumentsResource(SecurityIdentity identity, NewDocuments documents, AccessGate gate, AuditTrail audit) {
        this.audit = audit;
        this.identity = identity;
        this.documents = documents;
        this.gate = gate;
    }

    /** The kinds the configured WOPI clients can create, and the operator's templates of those kinds. */
    @GET
    public Uni<NewDocuments.Menu> menu() {
        // A document made here is made to be opened in Office: the same group rule as opening one.
        gate.requireOfficeGroup(identity);
        return documents.menu().onFailure().transform(UserFiles::translate);
    }

    /**
     * A new document in the folder ({@code root}, the default, for the user's top level), from a blank one or an
     * operator template; answered with the file and the host page URL that opens it.
     */
    @POST
    public Uni<RestResponse<NewDocuments.Created>> create(@RestQuery String kind, @RestQuery String template,
                                                          @RestQuery @DefaultValue(AccessGate.ROOT) String folderId,
                                                          @RestQuery String name) {
        gate.requireOfficeGroup(identity);
        if (!AccessGate.ROOT.equals(folderId) && !Ids.valid(folderId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no folder " + folderId);
        }
        String user = User.of(identity).id();
        return documents.create(user, folderId, kind, template, name)
                .invoke(created -> audit.file(user, "create", created.file().id(), created.client(), null,
                        template != null ? "from template " + template : created.opens()))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created))
                .onFailure().transform(UserFiles::translate);
    }
}
