package org.openwopi.storage.container;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.file.FileRepository;

import io.smallrye.mutiny.Uni;

/**
 * The one rule for names in a folder: no two entries, files or folders, share a name, ignoring case (the unique indexes
 * back it per kind; this check covers the two kinds together and gives the 409 its reason).
 */
@ApplicationScoped
public class FolderNames {

    private final FileRepository files;
    private final ContainerRepository containers;

    FolderNames(FileRepository files, ContainerRepository containers) {
        this.files = files;
        this.containers = containers;
    }

    /**
     * 409 when {@code name} is taken in the folder ({@code null}: the root), apart from the entry being renamed.
     *
     * @param exceptId the id of the file or folder being renamed, or null
     */
    public Uni<Void> ensureFree(String folderId, String name, String exceptId) {
        String parent = folderId == null ? "" : folderId;
        String except = exceptId == null ? "" : exceptId;
        return files.count("coalesce(containerId, '') = ?1 and lower(name) = lower(?2) and id <> ?3", parent, name, except)
                .chain(sameFiles -> containers.count("coalesce(parentId, '') = ?1 and lower(name) = lower(?2) and id <> ?3",
                        parent, name, except).map(sameFolders -> sameFiles + sameFolders))
                .invoke(count -> {
                    if (count > 0) {
                        throw new ApiException(ErrorCode.CONFLICT, "\"" + name + "\" already exists in this folder",
                                Map.of("reason", "name-taken"));
                    }
                })
                .replaceWithVoid();
    }
}
