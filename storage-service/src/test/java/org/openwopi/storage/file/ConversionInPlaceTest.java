package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A conversion in place: new content and a new name in one commit, and the legacy version restorable under its name. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ConversionInPlaceTest {

    private static String folder() {
        return given().contentType(ContentType.JSON).body(java.util.Map.of("name", "conv-" + UUID.randomUUID(), "ownerId", "alice"))
                .when().post("/containers").then().statusCode(201).extract().path("id");
    }

    private static String create(String folder, String name, String content) {
        return given().queryParam("name", name).queryParam("ownerId", "alice").queryParam("containerId", folder)
                .contentType(ContentType.BINARY).body(content.getBytes()).when().post("/files").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void theNewContentTakesTheNewNameAndTheLegacyVersionComesBackUnderItsOwn() {
        String folder = folder();
        String id = create(folder, "Budget 2019.xls", "legacy");

        given().header("X-Rename-To", "Budget%202019.xlsx").header("X-Modified-By", "alice").contentType(ContentType.BINARY)
                .body("converted".getBytes()).when().put("/files/{id}/content", id)
                .then().statusCode(200).body("name", equalTo("Budget 2019.xlsx")).body("extension", equalTo("xlsx"))
                .body("version", equalTo(2));

        given().when().get("/files/{id}/versions", id).then().statusCode(200)
                .body("name", equalTo(List.of("Budget 2019.xlsx", "Budget 2019.xls")));
        given().when().post("/files/{id}/versions/{v}/restore", id, 1).then().statusCode(200)
                .body("name", equalTo("Budget 2019.xls")).body("version", equalTo(3));
        given().when().get("/files/{id}/content", id).then().statusCode(200).body(equalTo("legacy"));
    }

    @Test
    void aNameTakenInTheFolderRefusesTheWholeWrite() {
        String folder = folder();
        String id = create(folder, "Notes.doc", "legacy");
        create(folder, "notes.DOCX", "someone else's");

        given().header("X-Rename-To", "Notes.docx").contentType(ContentType.BINARY).body("converted".getBytes())
                .when().put("/files/{id}/content", id).then().statusCode(409);
        given().header("X-Rename-To", "%zz").contentType(ContentType.BINARY).body("converted".getBytes())
                .when().put("/files/{id}/content", id).then().statusCode(400);
        given().header("X-Rename-To", "a%2Fb.docx").contentType(ContentType.BINARY).body("converted".getBytes())
                .when().put("/files/{id}/content", id).then().statusCode(400);

        given().when().get("/files/{id}", id).then().statusCode(200).body("name", equalTo("Notes.doc")).body("version", equalTo(1));
        given().when().get("/files/{id}/content", id).then().statusCode(200).body(equalTo("legacy"));
    }

    @Test
    void restoringWhenTheOldNameIsTakenIsRefused() {
        String folder = folder();
        String id = create(folder, "Deck.ppt", "legacy");
        given().header("X-Rename-To", "Deck.pptx").contentType(ContentType.BINARY).body("converted".getBytes())
                .when().put("/files/{id}/content", id).then().statusCode(200);
        create(folder, "Deck.ppt", "a new legacy file");

        given().when().post("/files/{id}/versions/{v}/restore", id, 1).then().statusCode(409);
        given().when().get("/files/{id}", id).then().statusCode(200).body("name", equalTo("Deck.pptx")).body("version", equalTo(2));
    }
}
