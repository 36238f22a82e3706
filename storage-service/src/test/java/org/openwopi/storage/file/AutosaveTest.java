package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class AutosaveTest {

    private static String createFile() {
        return given().queryParam("name", "auto-" + UUID.randomUUID() + ".docx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body("v1".getBytes()).when().post("/files").then().statusCode(201).extract().path("id");
    }

    private static void save(String id, String content, Map<String, String> headers) {
        given().headers(headers).contentType(ContentType.BINARY).body(content.getBytes()).when().put("/files/{id}/content", id)
                .then().statusCode(200);
    }

    @Test
    void autosavesOfOneSessionReplaceEachOtherButTheVersionNumberStillMoves() {
        String id = createFile();
        Map<String, String> autosave = Map.of("X-Session-Id", "lock-A", "X-Autosave", "true");

        save(id, "typing 1", autosave);
        save(id, "typing 2", autosave);
        save(id, "typing 3", autosave);

        given().when().get("/files/{id}/versions", id).then().statusCode(200).body("version", equalTo(List.of(4, 1)));
        given().when().get("/files/{id}/content", id).then().header("ETag", "\"4\"").body(equalTo("typing 3"));
    }

    @Test
    void explicitSavesAndOtherSessionsAreKept() {
        String id = createFile();

        save(id, "autosave A", Map.of("X-Session-Id", "lock-A", "X-Autosave", "true"));
        save(id, "autosave B", Map.of("X-Session-Id", "lock-B", "X-Autosave", "true"));
        save(id, "exit save B", Map.of("X-Session-Id", "lock-B"));
        save(id, "autosave B again", Map.of("X-Session-Id", "lock-B", "X-Autosave", "true"));

        given().when().get("/files/{id}/versions", id).then().statusCode(200).body("version", equalTo(List.of(5, 4, 3, 2, 1)));
    }
}
