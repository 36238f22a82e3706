package org.openwopi.storage.unsaved;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.openwopi.storage.blob.StoredBlob;
import org.openwopi.storage.common.Failures;
import org.openwopi.storage.file.ContentCommits;
import org.openwopi.storage.file.FileService;
import org.openwopi.storage.file.FileView;
import org.openwopi.storage.file.Preconditions;
import org.openwopi.storage.unsaved.UnsavedChanges.Unsaved;

import io.smallrye.mutiny.Uni;

/**
 * A file's unsaved changes (README.md, "Unsaved changes"): listed, restored as the newest version, or forgotten; the
 * content is read at {@code /files/{id}/unsaved/{uid}/content} (FileResource). Who may is wopi-api-service's decision.
 */
@Path("/files/{id}/unsaved")
@Produces(MediaType.APPLICATION_JSON)
public class UnsavedResource {

    private final UnsavedChanges unsaved;
    private final ContentCommits commits;

    UnsavedResource(UnsavedChanges unsaved, ContentCommits commits) {
        this.unsaved = unsaved;
        this.commits = commits;
    }

    @GET
    public Uni<List<Unsaved>> list(@RestPath String id) {
        return Failures.translated(unsaved.of(id));
    }

    /**
     * The kept content becomes the file's newest version, under the same preconditions as any write (the caller's
     * lock's fencing token); the kept save is then forgotten. Its writer and the restorer are the version's editors.
     */
    @POST
    @Path("/{uid}/restore")
    public Uni<FileView> restore(@RestPath String id, @RestPath String uid, @RestHeader("If-Match") String ifMatch,
                                 @RestHeader("X-Fencing-Token") String fencingToken, @RestHeader("X-Modified-By") String modifiedBy) {
        Preconditions preconditions = Preconditions.parse(ifMatch, fencingToken);
        return Failures.translated(unsaved.get(id, uid).chain(stored -> {
            Unsaved kept = stored.unsaved();
            String by = modifiedBy == null || modifiedBy.isBlank() ? kept.userId() : modifiedBy;
            return unsaved.reclaim(stored.blobKey())
                    .chain(() -> commits.commitContent(id, new StoredBlob(stored.blobKey(), kept.size(), kept.sha256()),
                            preconditions, new FileService.WriteContext(by, "", false, List.of(by, kept.userId()))))
                    .call(() -> unsaved.delete(id, uid));
        }));
    }

    @DELETE
    @Path("/{uid}")
    public Uni<RestResponse<Void>> delete(@RestPath String id, @RestPath String uid) {
        return Failures.translated(unsaved.delete(id, uid)).map(ignored -> RestResponse.noContent());
    }
}
