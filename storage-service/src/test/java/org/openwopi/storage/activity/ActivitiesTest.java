package org.openwopi.storage.activity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A file's activities against a real PostgreSQL: kept once per id, newest first in pages, never more than the file's
 * allowance ({@code %test.storage.activities.max-per-file=5}), gone with the file, refused whole when one is bad.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ActivitiesTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String file() {
        return given().queryParam("name", "doc-" + UUID.randomUUID() + ".docx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body(new byte[] {1}).when().post("/files").then().statusCode(201)
                .extract().path("id");
    }

    private static Map<String, Object> comment(String id, String action) {
        Map<String, Object> activity = new HashMap<>();
        activity.put("id", id);
        activity.put("type", "comment");
        activity.put("contentId", "cid");
        activity.put("contentAction", action);
        activity.put("commentText", "text of " + id);
        activity.put("people", List.of(Map.of("name", "Bob", "id", "bob", "mentioned", true)));
        return activity;
    }

    private static io.restassured.response.ValidatableResponse add(String file, List<Map<String, Object>> activities) {
        return given().contentType(ContentType.JSON).body(Map.of("userId", "alice", "activities", activities))
                .when().post("/files/{id}/activities", file).then();
    }

    private static JsonPath page(String file, String before, int limit) {
        var request = given().queryParam("limit", limit);
        if (before != null) {
            request = request.queryParam("before", before);
        }
        return request.when().get("/files/{id}/activities", file).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anIdIsKeptOnceAndPagesGoFromNewestBack() {
        String file = file();
        add(file, List.of(comment("a", "created"), comment("b", "updated"))).statusCode(200).body("added", equalTo(2));
        add(file, List.of(comment("b", "updated"), comment("c", "deleted"))).statusCode(200).body("added", equalTo(1));

        JsonPath first = page(file, null, 2);
        assertThat(first.getList("activities.id", String.class)).containsExactly("c", "b");
        assertThat(first.getString("activities[1].people[0].name")).isEqualTo("Bob");
        assertThat(first.getString("activities[1].userId")).isEqualTo("alice");
        JsonPath second = page(file, first.getString("next"), 2);
        assertThat(second.getList("activities.id", String.class)).containsExactly("a");
        assertThat(second.getString("next")).isNull();
    }

    @Test
    void aFileKeepsItsAllowanceAndTheOldestGo() {
        String file = file();
        List<Map<String, Object>> seven = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            seven.add(comment("n" + i, "created"));
        }
        add(file, seven).statusCode(200);
        assertThat(page(file, null, 50).getList("activities.id", String.class)).containsExactly("n7", "n6", "n5", "n4", "n3");
    }

    @Test
    void aBadActivityRefusesTheWholeRequestAndAnUnknownFileIs404() {
        String file = file();
        Map<String, Object> bad = comment("bad", "shouted");
        add(file, List.of(comment("good", "created"), bad)).statusCode(400);
        Map<String, Object> longId = comment("x".repeat(300), "created");
        add(file, List.of(longId)).statusCode(400);
        assertThat(page(file, null, 50).getList("activities")).isEmpty();

        add("no-such-file-" + UUID.randomUUID(), List.of(comment("a", "created"))).statusCode(404);
        given().queryParam("before", "yesterday").when().get("/files/{id}/activities", file).then().statusCode(400);
    }

    @Test
    void deletingTheFileDeletesItsActivities() {
        String file = file();
        add(file, List.of(comment("a", "created"))).statusCode(200);
        given().when().delete("/files/{id}", file).then().statusCode(204);
        assertThat(page(file, null, 50).getList("activities")).isEmpty();
    }
}
