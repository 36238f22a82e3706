package org.openwopi.storage.container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.common.Names;
import org.openwopi.storage.config.StorageConfig;
import org.openwopi.storage.file.FileRepository;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Folders: create, rename, delete when empty, walk up to the home. Listings are {@link FolderQueries}. */
@ApplicationScoped
public class ContainerService {

    /** Deeper than any real tree; stops a corrupted parent cycle from looping forever. */
    private static final int MAX_DEPTH = 1000;

    private final ContainerRepository containers;
    private final FileRepository files;
    private final FolderNames names;
    private final StorageConfig config;

    ContainerService(ContainerRepository containers, FileRepository files, FolderNames names, StorageConfig config) {
        this.containers = containers;
        this.files = files;
        this.names = names;
        this.config = config;
    }

    @WithSession
    public Uni<ContainerEntity> get(String id) {
        return containers.findById(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /**
     * A new folder in {@code parentId}, which must be given: callers resolve "the top level" to a home first.
     * {@code ownerId} is who asks for it; the folder belongs to the owner of {@code parentId}.
     */
    @WithTransaction
    public Uni<ContainerEntity> create(String name, String parentId, String ownerId) {
        Names.validate(name, config.maxNameLength());
        if (ownerId == null || ownerId.isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "ownerId is required");
        }
        return get(parentId).call(() -> names.ensureFree(parentId, name, null)).chain(parent -> {
            ContainerEntity container = new ContainerEntity();
            container.id = UUID.randomUUID().toString();
            container.parentId = parentId;
            container.name = name;
            // Everything beneath a home is its user's: a folder made in a shared folder belongs to that folder's owner.
            container.ownerId = parent.ownerId;
            container.createdAt = Instant.now();
            container.updatedAt = container.createdAt;
            return containers.persist(container);
        });
    }

    @WithTransaction
    public Uni<ContainerEntity> rename(String id, String name) {
        Names.validate(name, config.maxNameLength());
        return get(id).chain(container -> home(container, "renamed")).chain(container -> names.ensureFree(container.parentId, name, id).map(ignored -> {
            container.name = name;
            container.updatedAt = Instant.now();
            return container;
        }));
    }

    /** Deletes an empty folder; 409 while it holds files or folders. */
    @WithTransaction
    public Uni<Void> delete(String id) {
        return get(id).chain(container -> home(container, "deleted")).chain(container -> files.count("containerId", id)
                .chain(fileCount -> containers.count("parentId", id).map(folderCount -> fileCount + folderCount))
                .chain(children -> {
                    if (children > 0) {
                        throw new ApiException(ErrorCode.CONFLICT, "folder " + id + " is not empty", Map.of("reason", "not-empty"));
                    }
                    return containers.delete(container);
                }));
    }

    private static Uni<ContainerEntity> home(ContainerEntity container, String what) {
        if (container.homeOf != null) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.BAD_REQUEST, "a home folder cannot be " + what));
        }
        return Uni.createFrom().item(container);
    }

    /** From the folder's home (left out: it stands for the top level) down to the folder's parent. */
    @WithSession
    public Uni<List<ContainerEntity>> ancestors(String id) {
        return get(id).chain(container -> collect(container.parentId, new ArrayList<>(), 0));
    }

    private Uni<List<ContainerEntity>> collect(String id, List<ContainerEntity> path, int depth) {
        if (id == null || depth > MAX_DEPTH) {
            List<ContainerEntity> fromRoot = new ArrayList<>(path);
            Collections.reverse(fromRoot);
            return Uni.createFrom().item(fromRoot);
        }
        return containers.findById(id).chain(container -> {
            if (container == null || container.homeOf != null) {
                return collect(null, path, depth);
            }
            path.add(container);
            return collect(container.parentId, path, depth + 1);
        });
    }

    static ApiException notFound(String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "no folder " + id);
    }
}
