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
import org.openwopi.storage.common.Names;
import org.openwopi.storage.config.StorageConfig;
import org.openwopi.storage.file.FileView;

import io.smallrye.mutiny.Uni;

/** Folders, for the WOPI containers API. */
@Path("/containers")
@Produces(MediaType.APPLICATION_JSON)
public class ContainerResource {

    /** A folder as the API shows it; {@code homeOf} names the user whose home (top level) it is, null for others. */
    public record ContainerView(String id, String parentId, String name, String ownerId, String homeOf, Instant createdAt,
                                Instant updatedAt) {
        static ContainerView from(ContainerEntity container) {
            return new ContainerView(container.id, container.parentId, container.name, container.ownerId, container.homeOf,
                    container.createdAt, container.updatedAt);
        }
    }

    /** Body of create: {@code parentId} absent for the owner's top level (their home folder). */
    public record CreateContainer(String name, String parentId, String ownerId) {
    }

    /**
     * A page of a folder's children as one user sees them: its folders, then its files, each by name; {@code next}
     * asks for the page after (null on the last).
     */
    public record Children(List<ContainerView> containers, List<FileView> files, String next) {
    }

    private final ContainerService containers;
    private final FolderQueries queries;
    private final HomeFolders homes;
    private final StorageConfig config;

    ContainerResource(ContainerService containers, FolderQueries queries, HomeFolders homes, StorageConfig config) {
        this.config = config;
        this.containers = containers;
        this.queries = queries;
        this.homes = homes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ContainerView>> create(CreateContainer request) {
        if (request == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body is required");
        }
        if (request.ownerId() == null || request.ownerId().isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "ownerId is required");
        }
        Uni<String> parent = request.parentId() == null
                ? homes.of(request.ownerId()).map(home -> home.id) : Uni.createFrom().item(request.parentId());
        return Failures.translated(parent.chain(parentId -> containers.create(request.name(), parentId, request.ownerId())))
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

    /**
     * The children of a folder ({@code root}: {@code userId}'s home), by keyset: pass the answer's {@code next} as
     * {@code after} for the next page. Everything in a folder is its owner's (an editor's uploads through a share
     * too), and only that is listed; whether the caller may list the folder is wopi-api-service's access decision.
     */
    @GET
    @Path("/{id}/children")
    public Uni<Children> children(@RestPath String id, @RestQuery String userId, @RestQuery String after,
                                  @RestQuery @DefaultValue("100") int limit) {
        if ("root".equals(id) && (userId == null || userId.isBlank())) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "userId is required with root: it names whose top level to list");
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        Uni<String> folder = "root".equals(id) ? homes.of(userId).map(home -> home.id) : containers.get(id).map(found -> found.id);
        return Failures.translated(folder.chain(folderId -> queries.children(folderId, after, limit))
                .map(page -> new Children(page.containers().stream().map(ContainerView::from).toList(), page.files(), page.next())));
    }

    /** What carries {@code name} in the folder, whoever owns it: {@code {"kind": "file", "file": ...}} or a folder; 404. */
    @GET
    @Path("/{id}/entries")
    public Uni<FolderQueries.Entry> lookup(@RestPath String id, @RestQuery String name) {
        Names.validate(name, config.maxNameLength());
        return Failures.translated(containers.get(id).chain(folder -> queries.lookup(folder.id, name)));
    }

    /** {@code name} or the first "name (n).ext" that nothing in the folder has, as {@code {"name": ...}}. */
    @GET
    @Path("/{id}/free-name")
    public Uni<Map<String, String>> freeName(@RestPath String id, @RestQuery String name) {
        Names.validate(name, config.maxNameLength());
        return Failures.translated(containers.get(id).chain(folder -> queries.freeName(folder.id, name)))
                .map(free -> Map.of("name", free));
    }

    /** The folders from the top level (the home, left out) down to this folder's parent. */
    @GET
    @Path("/{id}/ancestors")
    public Uni<List<ContainerView>> ancestors(@RestPath String id) {
        return Failures.translated(containers.ancestors(id)).map(list -> list.stream().map(ContainerView::from).toList());
    }

}
