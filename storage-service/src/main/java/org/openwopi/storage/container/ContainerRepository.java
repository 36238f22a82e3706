package org.openwopi.storage.container;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache access to containers. */
@ApplicationScoped
public class ContainerRepository implements PanacheRepositoryBase<ContainerEntity, String> {
}
