package org.openwopi.storage.container;

import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.openwopi.storage.common.Failures;

import io.smallrye.mutiny.Uni;

/** Users' home folders: {@code PUT /homes/{userId}} answers the user's home, made on first use. */
@Path("/homes")
@Produces(MediaType.APPLICATION_JSON)
public class HomeResource {

    private final HomeFolders homes;

    HomeResource(HomeFolders homes) {
        this.homes = homes;
    }

    @PUT
    @Path("/{userId}")
    public Uni<ContainerResource.ContainerView> home(@RestPath String userId) {
        return Failures.translated(homes.of(userId)).map(ContainerResource.ContainerView::from);
    }
}
