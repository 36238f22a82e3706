package org.openwopi.storage.container;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class ContainerResourceTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String folder(String name, String parentId) {
        Map<String, String> body = parentId == null ? Map.of("name", name, "ownerId", "alice")
                : Map.of("name", name, "ownerId", "alice", "parentId", parentId);
        return given().contentType(ContentType.JSON).body(body).when().post("/containers").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void nestedFoldersListChildrenAndAncestors() {
        String top = folder("top-" + UUID.randomUUID(), null);
        String middle = folder("middle", top);
        String leaf = folder("leaf", middle);
        given().queryParam("name", "report.docx").queryParam("ownerId", "alice").queryParam("containerId", middle)
                .contentType(ContentType.BINARY).body(new byte[] {1}).when().post("/files").then().statusCode(201);

        given().queryParam("userId", "alice").when().get("/containers/{id}/children", middle).then().statusCode(200)
                .body("containers.name", equalTo(List.of("leaf")))
                .body("files.name", equalTo(List.of("report.docx")));
        given().when().get("/containers/{id}/ancestors", leaf).then().statusCode(200)
                .body("id", equalTo(List.of(top, middle)));
        given().when().get("/containers/{id}/ancestors", top).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void namesAreUniquePerParentAcrossFilesAndFolders() {
        String top = folder("unique-" + UUID.randomUUID(), null);
        folder("Docs", top);
        given().queryParam("name", "notes.txt").queryParam("ownerId", "alice").queryParam("containerId", top)
                .contentType(ContentType.BINARY).body(new byte[] {1}).when().post("/files").then().statusCode(201);

        given().contentType(ContentType.JSON).body(Map.of("name", "docs", "ownerId", "alice", "parentId", top))
                .when().post("/containers").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "notes.txt", "ownerId", "alice", "parentId", top))
                .when().post("/containers").then().statusCode(409);
        given().queryParam("name", "DOCS").queryParam("ownerId", "alice").queryParam("containerId", top)
                .contentType(ContentType.BINARY).body(new byte[] {1}).when().post("/files").then().statusCode(409);
    }

    @Test
    void renameAndDeleteOnlyWhenEmpty() {
        String top = folder("del-" + UUID.randomUUID(), null);
        String child = folder("child", top);

        given().contentType(ContentType.JSON).body(Map.of("name", "renamed")).when().patch("/containers/{id}", child)
                .then().statusCode(200).body("name", equalTo("renamed"));
        given().when().delete("/containers/{id}", top).then().statusCode(409).body("reason", equalTo("not-empty"));
        given().when().delete("/containers/{id}", child).then().statusCode(204);
        given().when().delete("/containers/{id}", top).then().statusCode(204);
        given().when().get("/containers/{id}", top).then().statusCode(404);
    }

    @Test
    void badInputIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).when().post("/containers").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "a*b", "ownerId", "alice")).when().post("/containers").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "ownerId", "alice", "parentId", "nope"))
                .when().post("/containers").then().statusCode(404);
        given().queryParam("userId", "alice").when().get("/containers/nope/children").then().statusCode(404);
        given().when().get("/containers/root/children").then().statusCode(400);
        given().queryParam("userId", "alice").queryParam("after", "not a cursor").when().get("/containers/root/children")
                .then().statusCode(400);
    }
}
