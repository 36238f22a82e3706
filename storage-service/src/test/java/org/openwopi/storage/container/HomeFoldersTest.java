package org.openwopi.storage.container;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
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

/** Each user's top level is their own home folder; listings show what the user may see, a keyset page at a time. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HomeFoldersTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static JsonPath upload(String owner, String name, String folder) {
        var request = given().queryParam("name", name).queryParam("ownerId", owner);
        if (folder != null) {
            request = request.queryParam("containerId", folder);
        }
        return request.contentType(ContentType.BINARY).body(new byte[] {1}).when().post("/files").then().statusCode(201)
                .extract().jsonPath();
    }

    private static String home(String user) {
        return given().when().put("/homes/{user}", user).then().statusCode(200).body("homeOf", equalTo(user))
                .extract().path("id");
    }

    @Test
    void twoUsersTopLevelsHoldTheSameNameSideBySide() {
        String alice = user("alice");
        String bob = user("bob");
        JsonPath mine = upload(alice, "report.docx", null);
        JsonPath theirs = upload(bob, "report.docx", null);

        assertThat(mine.getString("containerId")).isEqualTo(home(alice));
        assertThat(theirs.getString("containerId")).isEqualTo(home(bob)).isNotEqualTo(home(alice));
        given().contentType(ContentType.JSON).body(Map.of("name", "Projects", "ownerId", alice)).when().post("/containers")
                .then().statusCode(201).body("parentId", equalTo(home(alice)));
        given().contentType(ContentType.JSON).body(Map.of("name", "Projects", "ownerId", bob)).when().post("/containers")
                .then().statusCode(201).body("parentId", equalTo(home(bob)));
        // Within one top level, names stay unique.
        given().queryParam("name", "REPORT.docx").queryParam("ownerId", alice).contentType(ContentType.BINARY)
                .body(new byte[] {1}).when().post("/files").then().statusCode(409);
    }

    @Test
    void theHomeIsMadeOnceAndCannotBeRenamedOrDeleted() {
        String alice = user("alice");
        String home = home(alice);
        assertThat(home(alice)).isEqualTo(home);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).when().patch("/containers/{id}", home)
                .then().statusCode(400);
        given().when().delete("/containers/{id}", home).then().statusCode(400);
        given().when().get("/containers/{id}/ancestors", home).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aListingPagesThroughTheFolderOwnersEntriesWhoeverPutThem() {
        String alice = user("alice");
        String bob = user("bob");
        String folder = given().contentType(ContentType.JSON).body(Map.of("name", "shared-place", "ownerId", alice))
                .when().post("/containers").then().statusCode(201).extract().path("id");
        List<String> subfolders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "sub-" + i;
            given().contentType(ContentType.JSON).body(Map.of("name", name, "ownerId", alice, "parentId", folder))
                    .when().post("/containers").then().statusCode(201);
            subfolders.add(name);
        }
        List<String> first = new ArrayList<>();
        List<String> middle = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // What an editor (bob, through a share) puts into alice's folder is alice's, and pages in among hers.
            assertThat(upload(bob, "a-by-bob-" + i + ".txt", folder).getString("ownerId")).isEqualTo(alice);
            first.add("a-by-bob-" + i + ".txt");
            upload(alice, "file-" + i + ".txt", folder);
            middle.add("file-" + i + ".txt");
            JsonPath late = upload(bob, "g-by-bob-" + i + ".txt", folder);
            assertThat(late.getString("modifiedBy")).isEqualTo(bob);
            last.add("g-by-bob-" + i + ".txt");
        }
        List<String> expected = new ArrayList<>(subfolders);
        expected.addAll(first);
        expected.addAll(middle);
        expected.addAll(last);

        List<String> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 20; pages++) {
            var request = given().queryParam("limit", 2);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            JsonPath page = request.when().get("/containers/{id}/children", folder).then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("containers.ownerId", String.class)).allMatch(alice::equals);
            assertThat(page.getList("files.ownerId", String.class)).allMatch(alice::equals);
            seen.addAll(page.getList("containers.name", String.class));
            seen.addAll(page.getList("files.name", String.class));
            after = page.getString("next");
            if (after == null) {
                break;
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void nameLookupsSeeEveryEntryOfTheFolderNotAPage() {
        String alice = user("alice");
        String folder = given().contentType(ContentType.JSON).body(Map.of("name", "many", "ownerId", alice))
                .when().post("/containers").then().statusCode(201).extract().path("id");
        upload(alice, "Notes.txt", folder);
        for (int n = 2; n <= 1005; n++) {
            // More variants than any page holds: a free name found by paging would stop short.
            upload(alice, "Notes (" + n + ").txt", folder);
        }
        given().queryParam("name", "notes.txt").when().get("/containers/{id}/free-name", folder).then().statusCode(200)
                .body("name", equalTo("notes (1006).txt"));
        given().queryParam("name", "fresh.txt").when().get("/containers/{id}/free-name", folder).then().statusCode(200)
                .body("name", equalTo("fresh.txt"));
        given().queryParam("name", "NOTES (1005).TXT").when().get("/containers/{id}/entries", folder).then().statusCode(200)
                .body("kind", equalTo("file")).body("file.name", equalTo("Notes (1005).txt"));
        given().queryParam("name", "absent.txt").when().get("/containers/{id}/entries", folder).then().statusCode(404);
        given().queryParam("name", "bad\u0000name.txt").when().get("/containers/{id}/entries", folder).then().statusCode(400);
        given().queryParam("name", "bad/name.txt").when().get("/containers/{id}/free-name", folder).then().statusCode(400);
    }
}
