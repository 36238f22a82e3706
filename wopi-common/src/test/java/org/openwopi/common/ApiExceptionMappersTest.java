package org.openwopi.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.NotFoundException;

import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

class ApiExceptionMappersTest {

    private final ApiExceptionMappers mappers = new ApiExceptionMappers();

    @Test
    void apiExceptionKeepsItsStatusCodeAndExtras() {
        RestResponse<ApiError> response = mappers.mapApiException(
                new ApiException(ErrorCode.LOCK_CONFLICT, "locked by another editor", Map.of("currentLockId", "abc")));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getHeaderString("Content-Type")).isEqualTo(ApiError.MEDIA_TYPE);
        assertThat(response.getEntity().code()).isEqualTo("LOCK_CONFLICT");
        assertThat(response.getEntity().detail()).isEqualTo("locked by another editor");
        assertThat(response.getEntity().extras()).containsEntry("currentLockId", "abc");
    }

    @Test
    void unavailableDependencyAnswers503WithRetryAfterInWholeSeconds() {
        RestResponse<ApiError> response = mappers.mapApiException(
                ApiException.unavailable("Redis did not answer within 1s", Duration.ofMillis(200), null));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(response.getEntity().detail()).isEqualTo("Redis did not answer within 1s");
    }

    @Test
    void unexpectedFailureHidesItsMessageAndClass() {
        RestResponse<ApiError> response = mappers.mapUnexpected(new IllegalStateException("password=hunter2"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getEntity().detail())
                .doesNotContain("hunter2")
                .doesNotContain("IllegalStateException")
                .contains("reference");
    }

    @Test
    void frameworkNotFoundBecomesAProblemDocument() {
        RestResponse<ApiError> response = mappers.mapWebApplicationException(new NotFoundException("no such path"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getEntity().code()).isEqualTo("NOT_FOUND");
        assertThat(response.getEntity().status()).isEqualTo(404);
    }
}
