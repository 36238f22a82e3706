package org.openwopi.wopi.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Every WOPI request is timed by operation, status class and client; lock conflicts and refused saves are counted. */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class WopiMetricsIT {

    @Inject
    AccessTokens tokens;

    private static double value(String scrape, String series) {
        return Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void requestsAreTimedByOperationStatusAndClientAndConflictsAndRefusedSavesCounted() {
        String id = Users.as("alice").contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", WopiClient.unique("Measured") + ".docx").post("/api/files").then().statusCode(201)
                .extract().path("id");
        String token = Users.as("alice").post("/api/files/" + id + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        WopiClient wopi = new WopiClient(tokens);
        String before = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();

        wopi.request("/wopi/files/" + id, token).get().then().statusCode(200);
        wopi.request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "mine").post().then().statusCode(200);
        wopi.request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "theirs").post().then().statusCode(409);
        wopi.request("/wopi/files/" + id + "/contents", token).override("PUT").header("X-WOPI-Lock", "theirs")
                .body(new byte[] {2}).post().then().statusCode(409);
        String after = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(after).containsPattern("wopi_requests_seconds_count\\{client=\"[a-z-]+\",operation=\"CHECK_FILE_INFO\",status=\"2xx\"}")
                .containsPattern("wopi_requests_seconds_bucket\\{client=\"[a-z-]+\",operation=\"PUT_FILE\",status=\"4xx\",le=\"0.1\"}");
        assertThat(value(after, "wopi_lock_conflicts_total") - value(before, "wopi_lock_conflicts_total")).isEqualTo(2.0);
        assertThat(value(after, "wopi_saves_refused_total") - value(before, "wopi_saves_refused_total")).isEqualTo(1.0);
        // Labels never name a file or a person.
        assertThat(after).doesNotContain(id).doesNotContain("alice");
    }

    @Test
    void contentBytesAreCountedInAndOut() {
        String before = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        String id = Users.as("alice").contentType("application/octet-stream").body(new byte[] {1, 2, 3, 4, 5})
                .queryParam("name", WopiClient.unique("Counted") + ".docx").post("/api/files").then().statusCode(201)
                .extract().path("id");
        String token = Users.as("alice").post("/api/files/" + id + "/launch?action=view").then().statusCode(200)
                .extract().path("accessToken");
        new WopiClient(tokens).request("/wopi/files/" + id + "/contents", token).get().then().statusCode(200);
        String after = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();

        String in = "wopi_content_bytes_total{direction=\"in\"}";
        String out = "wopi_content_bytes_total{direction=\"out\"}";
        assertThat(value(after, in) - value(before, in)).isEqualTo(5.0);
        assertThat(value(after, out) - value(before, out)).isEqualTo(5.0);
    }
}
