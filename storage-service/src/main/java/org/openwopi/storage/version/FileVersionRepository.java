package org.openwopi.storage.version;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache access to file versions. */
@ApplicationScoped
public class FileVersionRepository implements PanacheRepositoryBase<FileVersionEntity, FileVersionEntity.Key> {
}
