package org.openwopi.storage.audit;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.common.QueryValues;
import org.openwopi.storage.common.Failures;

import io.smallrye.mutiny.Uni;

/** The audit trail (README.md, "Audit trail"): who may read which part of it is wopi-api-service's decision. */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditEvents events;

    AuditResource(AuditEvents events) {
        this.events = events;
    }

    public record Appended(int appended) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Appended> append(List<AuditEvents.Event> body) {
        if (body == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "a JSON array of events is required");
        }
        return Failures.translated(events.append(body)).map(Appended::new);
    }

    @GET
    public Uni<AuditEvents.Page> read(@RestQuery String fileId, @RestQuery String userId, @RestQuery String from,
                                      @RestQuery String to, @RestQuery String before,
                                      @RestQuery @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and 500");
        }
        AuditEvents.Filter filter = new AuditEvents.Filter(QueryValues.optional(fileId), QueryValues.optional(userId),
                QueryValues.instant("from", from), QueryValues.instant("to", to));
        return Failures.translated(events.read(filter, before, limit));
    }
}
