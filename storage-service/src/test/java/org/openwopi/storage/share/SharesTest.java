package org.openwopi.storage.share;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.InjectServer;
import org.openwopi.testsupport.PostgresResource;
import org.openwopi.testsupport.PostgresServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Shares as facts: whom they may name, what they add up to for a person on an item and everything beneath it, what
 * is shared with a person page by page, and that they go when their item goes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SharesTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @InjectServer
    PostgresServer postgres;

    private static String person(String name, String... groups) {
        String id = name + "-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("displayName", name.toUpperCase(), "groups", List.of(groups)))
                .when().put("/people/{id}", id).then().statusCode(200).body("id", equalTo(id));
        return id;
    }

    private static String folder(String owner, String name, String parent) {
        Map<String, String> body = new HashMap<>(Map.of("name", name, "ownerId", owner));
        if (parent != null) {
            body.put("parentId", parent);
        }
        return given().contentType(ContentType.JSON).body(body).when().post("/containers").then().statusCode(201)
                .extract().path("id");
    }

    private static JsonPath upload(String by, String name, String folder) {
        var request = given().queryParam("name", name).queryParam("ownerId", by);
        if (folder != null) {
            request = request.queryParam("containerId", folder);
        }
        return request.contentType(ContentType.BINARY).body(new byte[] {1}).when().post("/files").then().statusCode(201)
                .extract().jsonPath();
    }

    private static JsonPath share(String itemKey, String itemId, String type, String grantee, String role, String by,
                                  int status) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(itemKey, itemId, "granteeType", type, "grantee", grantee, "role", role, "createdBy", by))
                .when().post("/shares").then().statusCode(status).extract().jsonPath();
    }

    private static String role(String kind, String id, String user) {
        return given().queryParam("userId", user).when().get("/shared-roles/{kind}/{id}", kind, id).then().statusCode(200)
                .extract().path("role");
    }

    @Test
    void aFolderShareReachesEverythingBeneathAndTheStrongestShareWins() {
        String team = "team-" + UUID.randomUUID();
        String alice = person("alice", team);
        String bob = person("bob", team);
        String carol = person("carol");
        String projects = folder(alice, "Projects", null);
        String inner = folder(alice, "Inner", projects);
        String deep = upload(alice, "deep.docx", inner).getString("id");
        String outside = upload(alice, "outside.docx", null).getString("id");

        share("containerId", projects, "group", team, "viewer", alice, 201);
        share("fileId", deep, "user", bob, "editor", alice, 201);

        assertThat(role("containers", inner, bob)).isEqualTo("viewer");
        assertThat(role("files", deep, bob)).isEqualTo("editor");
        assertThat(role("files", outside, bob)).isNull();
        assertThat(role("files", deep, carol)).isNull();
        // Ownership is not a share: the owner is in the group, and still has no share role.
        assertThat(role("files", deep, alice)).isEqualTo("viewer");
        assertThat(role("containers", projects, "nobody-" + UUID.randomUUID())).isNull();
    }

    @Test
    void aGroupsOnlyUpdateKeepsTheNameASignInToldAndEndsWhatTheGroupWasSharedWithin() {
        String team = "team-" + UUID.randomUUID();
        String alice = person("alice");
        String bob = person("bob", team);
        String projects = folder(alice, "Projects", null);
        share("containerId", projects, "group", team, "editor", alice, 201);
        assertThat(role("containers", projects, bob)).isEqualTo("editor");

        // The directory says bob has left the team; it knows nothing of his name, so it sends none.
        Map<String, Object> groupsOnly = new HashMap<>();
        groupsOnly.put("displayName", null);
        groupsOnly.put("groups", List.of());
        given().contentType(ContentType.JSON).body(groupsOnly).when().put("/people/{id}", bob).then().statusCode(200)
                .body("displayName", equalTo("BOB")).body("groups.size()", equalTo(0));
        assertThat(role("containers", projects, bob)).isNull();

        // Someone the directory names before they ever signed in is known by their id.
        String newcomer = "newcomer-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("groups", List.of(team))).when().put("/people/{id}", newcomer)
                .then().statusCode(200).body("displayName", equalTo(newcomer));
        assertThat(role("containers", projects, newcomer)).isEqualTo("editor");
    }

    @Test
    void whatAnEditorMakesInASharedFolderBelongsToTheFoldersOwner() {
        String alice = person("alice");
        String bob = person("bob");
        String projects = folder(alice, "Projects", null);
        share("containerId", projects, "user", bob, "editor", alice, 201);

        JsonPath made = upload(bob, "bobs.docx", projects);
        assertThat(made.getString("ownerId")).isEqualTo(alice);
        assertThat(made.getString("modifiedBy")).isEqualTo(bob);
        given().when().get("/files/{id}/versions", made.getString("id")).then().statusCode(200)
                .body("[0].createdBy", equalTo(bob));
        given().contentType(ContentType.JSON).body(Map.of("name", "Bob's folder", "ownerId", bob, "parentId", projects))
                .when().post("/containers").then().statusCode(201).body("ownerId", equalTo(alice));
        given().queryParam("userId", bob).when().get("/containers/{id}/children", projects).then().statusCode(200)
                .body("containers.size()", equalTo(1)).body("files[0].name", equalTo("bobs.docx"));
    }

    @Test
    void sharesNameOnlyKnownPeopleRealRolesAndNeverTheOwnerOrTheSameGranteeTwice() {
        String alice = person("alice", "readers-" + UUID.randomUUID());
        String bob = person("bob");
        String file = upload(alice, "report.docx", null).getString("id");
        String home = given().when().put("/homes/{user}", alice).then().statusCode(200).extract().path("id");

        assertThat(share("fileId", file, "user", "ghost-" + UUID.randomUUID(), "viewer", alice, 400).getString("reason"))
                .isEqualTo("unknown-grantee");
        assertThat(share("fileId", file, "group", "no-such-group-" + UUID.randomUUID(), "viewer", alice, 400)
                .getString("reason")).isEqualTo("unknown-grantee");
        share("fileId", file, "user", alice, "editor", alice, 400);
        share("fileId", file, "user", bob, "owner", alice, 400);
        share("fileId", file, "robot", bob, "viewer", alice, 400);
        share("containerId", home, "user", bob, "viewer", alice, 400);
        share("fileId", "no-such-file", "user", bob, "viewer", alice, 404);
        given().contentType(ContentType.JSON).body(Map.of("fileId", file, "containerId", home, "granteeType", "user",
                "grantee", bob, "role", "viewer", "createdBy", alice)).when().post("/shares").then().statusCode(400);

        JsonPath created = share("fileId", file, "user", bob, "viewer", alice, 201);
        assertThat(created.getString("granteeName")).isEqualTo("BOB");
        assertThat(share("fileId", file, "user", bob, "editor", alice, 400).getString("reason")).isEqualTo("duplicate");
        String id = created.getString("id");
        given().contentType(ContentType.JSON).body(Map.of("role", "admin")).when().patch("/shares/{id}", id).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("role", "editor")).when().patch("/shares/{id}", id).then()
                .statusCode(200).body("role", equalTo("editor"));
        given().queryParam("fileId", file).when().get("/shares").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].role", equalTo("editor"));
        assertThat(role("files", file, bob)).isEqualTo("editor");
        given().when().delete("/shares/{id}", id).then().statusCode(204);
        given().when().delete("/shares/{id}", id).then().statusCode(404);
        assertThat(role("files", file, bob)).isNull();
    }

    @Test
    void deletingAnItemDeletesItsShares() {
        String alice = person("alice");
        String bob = person("bob");
        String file = upload(alice, "gone.docx", null).getString("id");
        String folder = folder(alice, "Gone", null);
        String fileShare = share("fileId", file, "user", bob, "viewer", alice, 201).getString("id");
        String folderShare = share("containerId", folder, "user", bob, "viewer", alice, 201).getString("id");

        given().when().delete("/files/{id}", file).then().statusCode(204);
        given().when().delete("/containers/{id}", folder).then().statusCode(204);

        given().when().get("/shares/{id}", fileShare).then().statusCode(404);
        given().when().get("/shares/{id}", folderShare).then().statusCode(404);
        given().when().get("/shared-with/{user}", bob).then().statusCode(200)
                .body("containers.size()", equalTo(0)).body("files.size()", equalTo(0)).body("next", nullValue());
    }

    @Test
    void sharedWithPagesThroughTwoThousandItemsFromOthersAndNothingElse() throws Exception {
        String team = "team-" + UUID.randomUUID();
        String bob = person("bob", team);
        String alice = person("alice");
        String dave = person("dave", "elsewhere-" + UUID.randomUUID());
        String home = given().when().put("/homes/{user}", alice).then().statusCode(200).extract().path("id");
        List<String> expected = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "")) {
            db.setAutoCommit(false);
            try (PreparedStatement folders = db.prepareStatement("INSERT INTO containers (id, parent_id, name, owner_id, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, now(), now())");
                 PreparedStatement files = db.prepareStatement("INSERT INTO files (id, container_id, name, extension, "
                         + "owner_id, size, sha256, version, blob_key, created_at, updated_at) "
                         + "VALUES (?, ?, ?, 'docx', ?, 0, '', 1, 'none', now(), now())");
                 PreparedStatement shares = db.prepareStatement("INSERT INTO shares (id, file_id, container_id, "
                         + "grantee_type, grantee, role, created_by, created_at) VALUES (?, ?, ?, ?, ?, 'viewer', ?, now())")) {
                for (int i = 0; i < 2_000; i++) {
                    String id = UUID.randomUUID().toString();
                    boolean isFolder = i % 4 == 0;
                    String name = String.format("item-%04d%s", i, isFolder ? "" : ".docx");
                    PreparedStatement item = isFolder ? folders : files;
                    item.setString(1, id);
                    item.setString(2, home);
                    item.setString(3, name);
                    item.setString(4, alice);
                    item.addBatch();
                    // Every other item to bob himself, the rest to his team; a second share on some must not repeat them.
                    shares.setString(1, UUID.randomUUID().toString());
                    shares.setString(2, isFolder ? null : id);
                    shares.setString(3, isFolder ? id : null);
                    shares.setString(4, i % 2 == 0 ? "user" : "group");
                    shares.setString(5, i % 2 == 0 ? bob : team);
                    shares.setString(6, alice);
                    shares.addBatch();
                    if (i % 10 == 0) {
                        shares.setString(1, UUID.randomUUID().toString());
                        shares.setString(4, "user");
                        shares.setString(5, dave);
                        shares.addBatch();
                    }
                    if (i % 2 == 0 && i % 3 == 0) {
                        shares.setString(1, UUID.randomUUID().toString());
                        shares.setString(4, "group");
                        shares.setString(5, team);
                        shares.addBatch();
                    }
                    expected.add((isFolder ? "0-" : "1-") + name);
                }
                folders.executeBatch();
                files.executeBatch();
                shares.executeBatch();
            }
            db.commit();
        }
        expected.sort(null);

        List<String> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            var request = given().queryParam("limit", 150);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            JsonPath page = request.when().get("/shared-with/{user}", bob).then().statusCode(200).extract().jsonPath();
            page.getList("containers.folder.name", String.class).forEach(name -> seen.add("0-" + name));
            page.getList("files.file.name", String.class).forEach(name -> seen.add("1-" + name));
            assertThat(page.getList("files.role", String.class)).allMatch("viewer"::equals);
            after = page.getString("next");
            if (after == null) {
                break;
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        given().queryParam("limit", 1000).when().get("/shared-with/{user}", dave).then().statusCode(200)
                // Every tenth item: those that are also every fourth (every twentieth) are folders.
                .body("containers.size()", equalTo(100)).body("files.size()", equalTo(100));
        given().when().get("/shared-with/{user}", alice).then().statusCode(200)
                .body("containers.size()", equalTo(0)).body("files.size()", equalTo(0));
        given().queryParam("after", "not-a-cursor").when().get("/shared-with/{user}", bob).then().statusCode(400);
    }
}
