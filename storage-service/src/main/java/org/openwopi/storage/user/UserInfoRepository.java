package org.openwopi.storage.user;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache access to user info. */
@ApplicationScoped
public class UserInfoRepository implements PanacheRepositoryBase<UserInfoEntity, String> {
}
