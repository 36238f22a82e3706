package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Rename, delete and restore take the same conditions as a content write: a superseded lock's token is refused. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class MetadataWriteFencingTest {

    private static String file() {
        return given().queryParam("name", "fenced-" + UUID.randomUUID() + ".txt").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body("v1".getBytes()).when().post("/files").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void aStaleFencingTokenChangesNothing() {
        String id = file();
        given().header("X-Fencing-Token", "9").contentType(ContentType.JSON).body(Map.of("name", "renamed-" + id + ".txt"))
                .when().patch("/files/{id}", id).then().statusCode(200);
        given().header("X-Fencing-Token", "8").contentType(ContentType.JSON).body(Map.of("name", "stale-" + id + ".txt"))
                .when().patch("/files/{id}", id).then().statusCode(409).body("reason", equalTo("fenced"));
        given().header("X-Fencing-Token", "8").when().post("/files/{id}/versions/1/restore", id).then().statusCode(409);
        given().header("X-Fencing-Token", "8").when().delete("/files/{id}", id).then().statusCode(409);
        given().header("If-Match", "\"5\"").when().delete("/files/{id}", id).then().statusCode(412);

        given().when().get("/files/{id}", id).then().statusCode(200).body("name", equalTo("renamed-" + id + ".txt"))
                .body("version", equalTo(1)).body("lastFencingToken", equalTo(9));
        given().header("X-Fencing-Token", "9").when().delete("/files/{id}", id).then().statusCode(204);
    }
}
