package org.openwopi.storage.activity;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.storage.activity.Activities.Activity;
import org.openwopi.storage.activity.Activities.Page;
import org.openwopi.storage.common.Failures;

import io.smallrye.mutiny.Uni;

/** A file's activities (README.md, "Activities"): whether someone may add or read them is wopi-api-service's decision. */
@Path("/files/{id}/activities")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    private final Activities activities;

    ActivityResource(Activities activities) {
        this.activities = activities;
    }

    /** Body of {@code POST}: who reported them, and the activities. */
    public record NewActivities(String userId, List<Activity> activities) {
    }

    public record Added(int added) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Added> add(@RestPath String id, NewActivities body) {
        if (body == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON body {\"userId\": ..., \"activities\": [...]} is required");
        }
        return Failures.translated(activities.add(id, body.userId(), body.activities())).map(Added::new);
    }

    @GET
    public Uni<Page> list(@RestPath String id, @RestQuery String before, @RestQuery @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 500");
        }
        return Failures.translated(activities.of(id, before, limit));
    }
}
