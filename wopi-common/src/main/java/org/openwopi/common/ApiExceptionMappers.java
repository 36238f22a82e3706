package org.openwopi.common;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception-to-response mapping of every internal service: each failure becomes a problem+json
 * {@link ApiError}. Unexpected failures are logged with a reference the answer repeats, and nothing of their
 * internals reaches the client.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public RestResponse<ApiError> mapApiException(ApiException e) {
        if (e.code().status() >= 500) {
            LOG.warnf(e.getCause(), "%s: %s", e.code(), e.getMessage());
        } else {
            // A refusal (a lock conflict, a failed condition) is the caller's business; while debugging, a line that
            // names its trace and correlation id finds it.
            LOG.debugf("Refused %s: %s", e.code(), e.getMessage());
        }
        RestResponse.ResponseBuilder<ApiError> builder = problem(e.toApiError());
        e.retryAfter().ifPresent(d -> builder.header(HttpHeaders.RETRY_AFTER, Math.max(1, d.toSeconds())));
        return builder.build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> mapWebApplicationException(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return mapUnexpected(e);
        }
        ErrorCode code = ErrorCode.forStatus(status);
        // The framework's own messages (unknown path, wrong method, unreadable body) are safe and useful.
        ApiError error = new ApiError("about:blank", code.title(), status, e.getMessage(), code.name(), null);
        return problem(error).build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> mapUnexpected(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, reference %s", reference);
        ApiError error = ApiError.of(ErrorCode.INTERNAL_ERROR, "Unexpected failure; the service log has reference " + reference);
        return problem(error).build();
    }

    private static RestResponse.ResponseBuilder<ApiError> problem(ApiError error) {
        return RestResponse.ResponseBuilder.<ApiError>create(error.status()).entity(error).type(ApiError.MEDIA_TYPE);
    }
}
