package org.openwopi.wopi.clients;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openwopi.common.serviceauth.ServiceTokens;

import io.quarkus.arc.Arc;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * storage-service's JSON API, as wopi-api-service uses it. File contents do not pass through here: they stream
 * through {@link StorageContent}. Only reads are retried.
 */
@RegisterRestClient(configKey = "storage-service")
@Path("/")
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
        skipOn = DependencyException.class)
@ClientHeaderParam(name = "Authorization", value = "{serviceCredential}")
public interface StorageRestClient {

    /** The service's name, the audience of the credential it accepts. */
    String AUDIENCE = "storage-service";

    /** wopi-api-service's service credential for this service ({@code null}, and no header, without a signing key). */
    default String serviceCredential() {
        return Arc.container().instance(ServiceTokens.class).get().authorization(AUDIENCE);
    }

    /** The service's readiness; any non-2xx answer arrives as a failure. */
    @GET
    @Path("/q/health/ready")
    Uni<String> readiness();

    @GET
    @Path("/files/{id}")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<FileMeta> file(@PathParam("id") String id);

    /** The file, its folder's name and the user's UserInfo, in one call (what CheckFileInfo needs). */
    @GET
    @Path("/files/{id}/context")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<FileContext> fileContext(@PathParam("id") String id, @QueryParam("userId") String userId);

    /** Rename; {@code fencingToken} (the lock's, or null) and {@code ifMatch} (a version's ETag, or null) guard it. */
    @PATCH
    @Path("/files/{id}")
    Uni<FileMeta> rename(@PathParam("id") String id, @HeaderParam("X-Fencing-Token") Long fencingToken,
                         @HeaderParam("If-Match") String ifMatch, Map<String, String> body);

    @DELETE
    @Path("/files/{id}")
    Uni<Void> delete(@PathParam("id") String id, @HeaderParam("X-Fencing-Token") Long fencingToken,
                     @HeaderParam("If-Match") String ifMatch);

    @GET
    @Path("/files/{id}/versions")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<List<VersionMeta>> versions(@PathParam("id") String id);

    @POST
    @Path("/files/{id}/versions/{version}/restore")
    Uni<FileMeta> restore(@PathParam("id") String id, @PathParam("version") long version,
                          @HeaderParam("X-Fencing-Token") Long fencingToken, @HeaderParam("X-Modified-By") String modifiedBy);

    @GET
    @Path("/containers/{id}")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<ContainerMeta> container(@PathParam("id") String id);

    @POST
    @Path("/containers")
    Uni<ContainerMeta> createContainer(CreateContainer request);

    @PATCH
    @Path("/containers/{id}")
    Uni<ContainerMeta> renameContainer(@PathParam("id") String id, Map<String, String> body);

    @DELETE
    @Path("/containers/{id}")
    Uni<Void> deleteContainer(@PathParam("id") String id);

    /**
     * A page of what {@code userId} may see in the folder, by keyset ({@code after}: the previous page's {@code next},
     * null for the first).
     */
    @GET
    @Path("/containers/{id}/children")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<Children> children(@PathParam("id") String id, @QueryParam("userId") String userId, @QueryParam("after") String after,
                           @QueryParam("limit") @DefaultValue("1000") int limit);

    /** What has this name in the folder (any owner, case ignored); 404 when nothing. */
    @GET
    @Path("/containers/{id}/entries")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<Entry> entry(@PathParam("id") String id, @QueryParam("name") String name);

    /** The name, or the first "name (n).ext" free in the folder, as {@code {"name": ...}}. */
    @GET
    @Path("/containers/{id}/free-name")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<Map<String, String>> freeName(@PathParam("id") String id, @QueryParam("name") String name);

    /** The user's home folder (their top level), made on first use. */
    @PUT
    @Path("/homes/{userId}")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<ContainerMeta> home(@PathParam("userId") String userId);

    /** From the top level (the home, left out) down to the folder's parent. */
    @GET
    @Path("/containers/{id}/ancestors")
    @Retry(maxRetries = 2, delay = 50, abortOn = DependencyException.class)
    Uni<List<ContainerMeta>> ancestors(@PathParam("id") String id);

    @PUT
    @Path("/users/{userId}/info")
    Uni<Void> putUserInfo(@PathParam("userId") String userId, UserInfo info);

    @ClientExceptionMapper
    static DependencyException toException(Response response) {
        return DependencyException.from("storage-service", response);
    }

    @RegisterForReflection
    record FileMeta(String id, String name, String extension, String containerId, String ownerId, long size,
                    String sha256, long version, long lastFencingToken, String modifiedBy, Instant createdAt,
                    Instant updatedAt) {
    }

    @RegisterForReflection
    record FileContext(FileMeta file, String containerName, String userInfo) {
    }

    @RegisterForReflection
    record VersionMeta(String fileId, long version, long size, String sha256, String createdBy, Instant createdAt,
                       boolean autosave) {
    }

    @RegisterForReflection
    record ContainerMeta(String id, String parentId, String name, String ownerId, String homeOf, Instant createdAt,
                         Instant updatedAt) {

        public boolean home() {
            return homeOf != null;
        }
    }

    @RegisterForReflection
    record CreateContainer(String name, String parentId, String ownerId) {
    }

    @RegisterForReflection
    record Children(List<ContainerMeta> containers, List<FileMeta> files, String next) {
    }

    /** {@code kind} is {@code file} (with {@code file}) or {@code folder} (with {@code containerId}). */
    @RegisterForReflection
    record Entry(String kind, FileMeta file, String containerId) {
    }

    @RegisterForReflection
    record UserInfo(String info) {
    }
}
