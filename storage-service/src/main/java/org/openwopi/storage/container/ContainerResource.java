package org.openwopi.storage.container;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.common.Failures;
import org.openwopi.storage.file.FileService;
import org.openwopi.storage.file.FileView;

import io.smallrye.mutiny.Uni;

/** Folders, for the WOPI containers API. */
@Path("/containers")
@Produces(MediaType.APPLICATION_JSON)
public class ContainerResource {

    /** A folder as the API shows it. */
    public record ContainerView(String id, String parentId, String name, String ownerId, Instant createdAt, Instant updatedAt) {
        static ContainerView from(ContainerEntity container) {
            return new ContainerView(container.id, container.parentId, container.name, container.ownerId, container.createdAt,
                    container.updatedAt);
        }
    }

    /** Body of create: {@code parentId} absent for a root folder. */
    public record CreateContainer(String name, String parentId, String ownerId) {
    }

    /** A page of a folder's children: its folders, then its files, each by name. */
    public record Children(List<ContainerView> containers, List<FileView> files) {
    }

    private final ContainerService containers;
    private final FileService files;

    ContainerResource(ContainerService containers, FileService files) {
        this.containers = containers;
        this.files = files;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ContainerView>> create(CreateContainer request) {
        if (request == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body is required");
        }
        return Failures.translated(containers.create(request.name(), request.parentId(), request.ownerId()))
                .map(created -> RestResponse.ResponseBuilder.<ContainerView>created(URI.create("/containers/" + created.id))
                        .entity(ContainerView.from(created)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<ContainerView> get(@RestPath String id) {
        return Failures.translated(containers.get(id)).map(ContainerView::from);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ContainerView> rename(@RestPath String id, Map<String, String> body) {
        return Failures.translated(containers.rename(id, body == null ? null : body.get("name"))).map(ContainerView::from);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return Failures.translated(containers.delete(id)).map(ignored -> RestResponse.noContent());
    }

    /** Children of a folder; {@code root} names the top level. */
    @GET
    @Path("/{id}/children")
    public Uni<Children> children(@RestPath String id, @RestQuery @DefaultValue("0") int offset,
                                  @RestQuery @DefaultValue("100") int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "offset must be 0 or more and limit between 1 and 1000");
        }
        String parent = "root".equals(id) ? null : id;
        Uni<Void> exists = parent == null ? Uni.createFrom().voidItem() : containers.get(parent).replaceWithVoid();
        return Failures.translated(exists
                .chain(() -> containers.children(parent, offset, limit))
                .chain(folders -> files.listByContainer(parent, offset, limit).map(list -> new Children(
                        folders.stream().map(ContainerView::from).toList(), list.stream().map(FileView::from).toList()))));
    }

    /** The folders from the root down to this folder's parent. */
    @GET
    @Path("/{id}/ancestors")
    public Uni<List<ContainerView>> ancestors(@RestPath String id) {
        return Failures.translated(containers.ancestors(id)).map(list -> list.stream().map(ContainerView::from).toList());
    }

}
