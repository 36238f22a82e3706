package org.openwopi.storage.file;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.PathPart;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.blob.BlobBody;
import org.openwopi.storage.blob.BlobStore;
import org.openwopi.storage.common.Failures;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Files and their content. Downloads stream from the blob store (sendfile for the filesystem store) to the response;
 * the two uploads are Vert.x routes ({@link ContentUploadRoutes}). README.md lists every status.
 */
@Path("/files")
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {

    static final String VERSION_HEADER = "X-Version";

    private final FileService files;
    private final BlobStore blobs;
    private final MeterRegistry metrics;

    private final org.openwopi.storage.unsaved.UnsavedChanges unsaved;

    FileResource(FileService files, BlobStore blobs, MeterRegistry metrics, org.openwopi.storage.unsaved.UnsavedChanges unsaved) {
        this.unsaved = unsaved;
        this.files = files;
        this.blobs = blobs;
        this.metrics = metrics;
    }

    @GET
    @Path("/{id}")
    public Uni<FileView> metadata(@RestPath String id) {
        return Failures.translated(files.view(id));
    }

    /** The file, its folder's name and {@code userId}'s UserInfo: all that opening it needs, in one call. */
    @GET
    @Path("/{id}/context")
    public Uni<FileContext> context(@RestPath String id, @RestQuery String userId) {
        return Failures.translated(files.context(id, userId));
    }

    /**
     * The current content; a single {@code Range} is honoured (206, or 416 outside the content). Non-blocking for the
     * filesystem store (the metadata read and the sendfile need no worker thread); S3 reads move to a worker.
     */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<RestResponse<Object>> content(@RestPath String id, @RestHeader("Range") String range) {
        Uni<FileService.ContentRef> content = Failures.translated(files.contentRef(id));
        if (blobs.readBlocks()) {
            content = content.emitOn(Infrastructure.getDefaultWorkerPool());
        }
        return content.map(ref -> send(ref.blobKey(), ref.size(), ref.version(), ref.sha256(), range));
    }

    /** Rename: body {@code {"name": "..."}}; 409 when the folder has that name already. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FileView> rename(@RestPath String id, @RestHeader("If-Match") String ifMatch,
                                @RestHeader("X-Fencing-Token") String fencingToken, Map<String, String> body) {
        String name = body == null ? null : body.get("name");
        return Failures.translated(files.rename(id, name, Preconditions.parse(ifMatch, fencingToken))).map(FileView::from);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id, @RestHeader("If-Match") String ifMatch,
                                          @RestHeader("X-Fencing-Token") String fencingToken) {
        return Failures.translated(files.delete(id, Preconditions.parse(ifMatch, fencingToken))).map(ignored -> RestResponse.noContent());
    }

    /** The files of a folder (no {@code containerId}: the root), by name, a page at a time. */
    @GET
    public Uni<List<FileView>> list(@RestQuery String containerId, @RestQuery @DefaultValue("0") int offset,
                                    @RestQuery @DefaultValue("100") int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "offset must be 0 or more and limit between 1 and 1000");
        }
        return Failures.translated(files.listByContainer(containerId, offset, limit)).map(list -> list.stream().map(FileView::from).toList());
    }

    @GET
    @Path("/{id}/versions")
    public Uni<List<VersionView>> versions(@RestPath String id) {
        return Failures.translated(files.versions(id)).map(list -> list.stream().map(VersionView::from).toList());
    }

    @GET
    @Path("/{id}/versions/{version}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<RestResponse<Object>> versionContent(@RestPath String id, @RestPath long version, @RestHeader("Range") String range) {
        Uni<FileService.ContentRef> content = Failures.translated(files.versionRef(id, version));
        if (blobs.readBlocks()) {
            content = content.emitOn(Infrastructure.getDefaultWorkerPool());
        }
        return content.map(ref -> send(ref.blobKey(), ref.size(), ref.version(), ref.sha256(), range));
    }

    /** The content of a save the file refused and kept (unsaved changes). */
    @GET
    @Path("/{id}/unsaved/{uid}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<RestResponse<Object>> unsavedContent(@RestPath String id, @RestPath String uid, @RestHeader("Range") String range) {
        Uni<org.openwopi.storage.unsaved.UnsavedChanges.Stored> content = Failures.translated(unsaved.get(id, uid));
        if (blobs.readBlocks()) {
            content = content.emitOn(Infrastructure.getDefaultWorkerPool());
        }
        return content.map(stored -> send(stored.blobKey(), stored.unsaved().size(), 0, stored.unsaved().sha256(), range));
    }

    /** Makes an old version's content the newest version. */
    @POST
    @Path("/{id}/versions/{version}/restore")
    public Uni<FileView> restore(@RestPath String id, @RestPath long version, @RestHeader("If-Match") String ifMatch,
                                 @RestHeader("X-Fencing-Token") String fencingToken, @RestHeader("X-Modified-By") String modifiedBy) {
        return Failures.translated(files.restore(id, version, Preconditions.parse(ifMatch, fencingToken), modifiedBy))
                .map(FileView::from);
    }

    private RestResponse<Object> send(String blobKey, long size, long version, String sha256, String rangeHeader) {
        ByteRange range = ByteRange.parse(rangeHeader, size);
        BlobBody body;
        try {
            body = blobs.read(blobKey, range.offset(), range.length());
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("content of version " + version + " is missing from the blob store: " + blobKey, e);
        } catch (IOException e) {
            throw ApiException.unavailable("the blob store did not answer: " + e.getMessage(), Duration.ofSeconds(1), e);
        }
        metrics.counter("wopi.storage.bytes", "direction", "out").increment(range.length());
        Object entity = body instanceof BlobBody.FileRegion region
                ? new PathPart(region.path(), region.offset(), region.length())
                : ((BlobBody.Stream) body).in();
        RestResponse.ResponseBuilder<Object> response = RestResponse.ResponseBuilder.create(range.partial() ? 206 : 200)
                .entity(entity)
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, range.length())
                .header(HttpHeaders.ETAG, "\"" + version + "\"")
                .header(VERSION_HEADER, version)
                .header("X-Content-SHA256", sha256)
                .header("Accept-Ranges", "bytes");
        if (range.partial()) {
            response.header("Content-Range", range.contentRange(size));
        }
        return response.build();
    }

    private static <T> RestResponse.ResponseBuilder<T> withContentHeaders(RestResponse.ResponseBuilder<T> builder, FileEntity file) {
        return builder.header(HttpHeaders.ETAG, "\"" + file.version + "\"").header(VERSION_HEADER, file.version);
    }

}
