package org.openwopi.storage.user;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** WOPI UserInfo: a string of at most 1024 characters a WOPI client keeps per user. */
@ApplicationScoped
public class UserInfoService {

    public static final int MAX_LENGTH = 1024;

    private final UserInfoRepository repository;

    UserInfoService(UserInfoRepository repository) {
        this.repository = repository;
    }

    /** The stored string, empty when none was ever stored. */
    @WithSession
    public Uni<String> get(String userId) {
        return repository.findById(userId).map(found -> found == null ? "" : found.info);
    }

    @WithTransaction
    public Uni<Void> put(String userId, String info) {
        if (info == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "info is required");
        }
        if (info.codePointCount(0, info.length()) > MAX_LENGTH) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "UserInfo is limited to " + MAX_LENGTH + " characters");
        }
        return repository.findById(userId).chain(found -> {
            UserInfoEntity entity = found == null ? new UserInfoEntity() : found;
            entity.userId = userId;
            entity.info = info;
            entity.updatedAt = Instant.now();
            return found == null ? repository.persist(entity).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }
}
