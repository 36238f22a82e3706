package org.openwopi.storage.sweep;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache access to blob intents. */
@ApplicationScoped
public class BlobIntentRepository implements PanacheRepositoryBase<BlobIntentEntity, String> {
}
