package org.openwopi.storage.user;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.common.Failures;

import io.smallrye.mutiny.Uni;

/** WOPI UserInfo per user. */
@Path("/users/{userId}/info")
@Produces(MediaType.APPLICATION_JSON)
public class UserInfoResource {

    /** The stored string; empty when none was stored. */
    public record UserInfo(String info) {
    }

    private final UserInfoService service;

    UserInfoResource(UserInfoService service) {
        this.service = service;
    }

    @GET
    public Uni<UserInfo> get(@RestPath String userId) {
        return Failures.translated(service.get(userId)).map(UserInfo::new);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> put(@RestPath String userId, UserInfo body) {
        if (body == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body {\"info\": \"...\"} is required");
        }
        return Failures.translated(service.put(userId, body.info())).map(ignored -> RestResponse.noContent());
    }
}
