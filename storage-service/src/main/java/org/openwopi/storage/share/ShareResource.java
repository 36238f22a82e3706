package org.openwopi.storage.share;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.common.Failures;
import org.openwopi.storage.share.People.Person;
import org.openwopi.storage.share.Shares.NewShare;
import org.openwopi.storage.share.Shares.Share;
import org.openwopi.storage.share.Shares.SharedPage;

import io.smallrye.mutiny.Uni;

/**
 * Shares, the people they may name, and what they add up to for one person (README.md, "Shares"). Who may create,
 * change or remove a share is wopi-api-service's access gate's decision; this keeps the facts consistent.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ShareResource {

    private final Shares shares;
    private final People people;

    ShareResource(Shares shares, People people) {
        this.shares = shares;
        this.people = people;
    }

    /** Body of {@code PUT /people/{id}}: the person as their identity provider describes them now. */
    public record PersonUpdate(String displayName, List<String> groups) {
    }

    /** Body of {@code POST /shares}: exactly one of {@code fileId} and {@code containerId}. */
    public record CreateShare(String fileId, String containerId, String granteeType, String grantee, String role,
                              String createdBy) {
    }

    /** A person's strongest role from shares on an item, or null. */
    public record SharedRole(String role) {
    }

    @PUT
    @Path("people/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Person> saw(@RestPath String id, PersonUpdate body) {
        if (body == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body {\"displayName\": ..., \"groups\": [...]} is required");
        }
        return Failures.translated(people.saw(id, body.displayName(), body.groups()));
    }

    @GET
    @Path("people/{id}")
    public Uni<Person> person(@RestPath String id) {
        return Failures.translated(people.get(id));
    }

    @GET
    @Path("shares")
    public Uni<List<Share>> list(@RestQuery String fileId, @RestQuery String containerId) {
        return Failures.translated(shares.of(itemType(fileId, containerId), fileId != null ? fileId : containerId));
    }

    @POST
    @Path("shares")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Share>> create(CreateShare body) {
        if (body == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body is required");
        }
        String itemType = itemType(body.fileId(), body.containerId());
        NewShare request = new NewShare(itemType, body.fileId() != null ? body.fileId() : body.containerId(),
                body.granteeType(), body.grantee(), body.role(), body.createdBy());
        return Failures.translated(shares.create(request)).map(share -> RestResponse.status(RestResponse.Status.CREATED, share));
    }

    @GET
    @Path("shares/{id}")
    public Uni<Share> share(@RestPath String id) {
        return Failures.translated(shares.get(id));
    }

    /** Body {@code {"role": "viewer" | "editor"}}. */
    @PATCH
    @Path("shares/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Share> changeRole(@RestPath String id, Map<String, String> body) {
        return Failures.translated(shares.changeRole(id, body == null ? null : body.get("role")));
    }

    @DELETE
    @Path("shares/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return Failures.translated(shares.delete(id)).map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("shared-roles/files/{id}")
    public Uni<SharedRole> fileRole(@RestPath String id, @RestQuery String userId) {
        People.validName("user id", userId);
        return Failures.translated(shares.role("file", id, userId)).map(SharedRole::new);
    }

    @GET
    @Path("shared-roles/containers/{id}")
    public Uni<SharedRole> folderRole(@RestPath String id, @RestQuery String userId) {
        People.validName("user id", userId);
        return Failures.translated(shares.role("folder", id, userId)).map(SharedRole::new);
    }

    /** What is shared with the person and not theirs, a keyset page at a time (as folder listings page). */
    @GET
    @Path("shared-with/{userId}")
    public Uni<SharedPage> sharedWith(@RestPath String userId, @RestQuery String after,
                                      @RestQuery @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        return Failures.translated(shares.sharedWith(userId, after, limit));
    }

    private static String itemType(String fileId, String containerId) {
        if ((fileId == null) == (containerId == null)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "name exactly one item: fileId or containerId");
        }
        return fileId != null ? "file" : "folder";
    }
}
