package org.openwopi.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ApiErrorTest {

    @Test
    void extrasAreWrittenAsTopLevelMembers() throws JsonProcessingException {
        ApiError error = ApiError.of(ErrorCode.LOCK_CONFLICT, "held by another lock", Map.of("currentLockId", "L1"));

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(error));

        assertThat(json.get("currentLockId").asText()).isEqualTo("L1");
        assertThat(json.get("status").asInt()).isEqualTo(409);
        assertThat(json.get("code").asText()).isEqualTo("LOCK_CONFLICT");
        assertThat(json.has("extras")).isFalse();
    }
}
