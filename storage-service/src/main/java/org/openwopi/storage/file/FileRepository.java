package org.openwopi.storage.file;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache access to files. */
@ApplicationScoped
public class FileRepository implements PanacheRepositoryBase<FileEntity, String> {
}
