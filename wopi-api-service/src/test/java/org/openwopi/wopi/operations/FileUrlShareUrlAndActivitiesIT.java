package org.openwopi.wopi.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * CheckFileInfo's FileUrl, GetShareUrl and AddActivities over the real services (the validator runs the same
 * groups; these add what it does not try: other users, other files, tokens used where they do not belong, bad
 * bodies that must record nothing).
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class FileUrlShareUrlAndActivitiesIT {

    @Inject
    AccessTokens tokens;

    private WopiClient wopi() {
        return new WopiClient(tokens);
    }

    private record Shared(String alice, String bob, String carol, String folder, String document) {
    }

    /** alice's folder with one document, bob a viewer of the folder, carol a stranger; all signed in. */
    private static Shared shared(String bobsRole) {
        String alice = WopiClient.unique("alice");
        String bob = WopiClient.unique("bob");
        String carol = WopiClient.unique("carol");
        for (String user : List.of(alice, bob, carol)) {
            Users.as(user).get("/api/me").then().statusCode(200);
        }
        String folder = Users.as(alice).contentType("application/json").body(Map.of("name", "Links"))
                .post("/api/folders").then().statusCode(201).extract().path("id");
        String document = Users.as(alice).contentType("application/octet-stream")
                .body("first".getBytes(StandardCharsets.UTF_8)).queryParam("name", "Doc.docx").queryParam("folderId", folder)
                .post("/api/files").then().statusCode(201).extract().path("id");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", bobsRole))
                .post("/api/folders/" + folder + "/shares").then().statusCode(201);
        return new Shared(alice, bob, carol, folder, document);
    }

    private static String launch(String user, String file) {
        return Users.as(user).post("/api/files/" + file + "/launch?action=edit").then().statusCode(200).extract().path("accessToken");
    }

    private String fileUrl(String file, String token) {
        return wopi().request("/wopi/files/" + file, token).get().then().statusCode(200).extract().path("FileUrl");
    }

    private static String tokenOf(String url) {
        String encoded = url.substring(url.indexOf("t=") + 2).split("&")[0];
        return java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    @Test
    void theFileUrlServesTheCurrentContentWithoutProofAndOpensNothingElse() {
        Shared shared = shared("viewer");
        String token = launch(shared.alice(), shared.document());
        String url = fileUrl(shared.document(), token);
        assertThat(url).startsWith(WopiStackResource.stack().publicBaseUrl() + "/fileurl/" + shared.document() + "?t=");
        given().get(url).then().statusCode(200).body(equalTo("first"));

        wopi().request("/wopi/files/" + shared.document(), token).override("LOCK").header("X-WOPI-Lock", "L").post()
                .then().statusCode(200);
        wopi().request("/wopi/files/" + shared.document() + "/contents", token).override("PUT").header("X-WOPI-Lock", "L")
                .body("second".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(200);
        given().get(url).then().statusCode(200).body(equalTo("second"));

        String fileUrlToken = tokenOf(url);
        // Not an access token: without proof headers behind it, it must not open any WOPI request.
        wopi().request("/wopi/files/" + shared.document(), fileUrlToken).get().then().statusCode(401);
        wopi().request("/wopi/files/" + shared.document() + "/contents", fileUrlToken).get().then().statusCode(401);
        // And an access token is not a FileUrl token.
        given().queryParam("t", token).get("/fileurl/" + shared.document()).then().statusCode(401);
        // Another file's path with this file's link: nothing.
        String other = Users.as(shared.alice()).contentType("application/octet-stream").body(new byte[] {7})
                .queryParam("name", "Other.docx").queryParam("folderId", shared.folder()).post("/api/files")
                .then().statusCode(201).extract().path("id");
        given().queryParam("t", fileUrlToken).get("/fileurl/" + other).then().statusCode(404);
        // Altered or missing: refused.
        given().queryParam("t", fileUrlToken.substring(0, fileUrlToken.length() - 3) + "AAA").get("/fileurl/" + shared.document())
                .then().statusCode(401);
        given().get("/fileurl/" + shared.document()).then().statusCode(401);
        given().queryParam("t", fileUrlToken).get("/fileurl/..%2F" + shared.document()).then().statusCode(404);
    }

    @Test
    void aFileUrlStopsWhenTheShareBehindItIsWithdrawn() {
        Shared shared = shared("viewer");
        String url = fileUrl(shared.document(), launch(shared.bob(), shared.document()));
        given().get(url).then().statusCode(200).body(equalTo("first"));

        String share = Users.as(shared.alice()).get("/api/folders/" + shared.folder() + "/shares").then().statusCode(200)
                .extract().path("[0].id");
        Users.as(shared.alice()).delete("/api/shares/" + share).then().statusCode(204);

        given().get(url).then().statusCode(401);
    }

    @Test
    void shareUrlsLeadToTheHostPageOrTheFolderAndOnlyToTypesTheTokenMayHave() {
        Shared shared = shared("viewer");
        String alices = launch(shared.alice(), shared.document());
        wopi().request("/wopi/files/" + shared.document(), alices).get().then().statusCode(200)
                .body("SupportedShareUrlTypes", equalTo(List.of("ReadOnly", "ReadWrite")));
        wopi().request("/wopi/files/" + shared.document(), alices).override("GET_SHARE_URL").header("X-WOPI-UrlType", "ReadOnly")
                .post().then().statusCode(200).body("ShareUrl", equalTo(WopiStackResource.stack().publicBaseUrl() + "/host/"
                        + shared.document() + "?action=view"));
        wopi().request("/wopi/files/" + shared.document(), alices).override("GET_SHARE_URL").header("X-WOPI-UrlType", "ReadWrite")
                .post().then().statusCode(200).body("ShareUrl", startsWith(WopiStackResource.stack().publicBaseUrl() + "/host/"
                        + shared.document() + "?action=edit"));
        wopi().request("/wopi/files/" + shared.document(), alices).override("GET_SHARE_URL").header("X-WOPI-UrlType", "Anonymous")
                .post().then().statusCode(501);
        wopi().request("/wopi/files/" + shared.document(), alices).override("GET_SHARE_URL").post().then().statusCode(501);

        // bob only views: he may pass on a link to view, not one to edit.
        String bobs = launch(shared.bob(), shared.document());
        wopi().request("/wopi/files/" + shared.document(), bobs).get().then().statusCode(200)
                .body("SupportedShareUrlTypes", equalTo(List.of("ReadOnly")));
        wopi().request("/wopi/files/" + shared.document(), bobs).override("GET_SHARE_URL").header("X-WOPI-UrlType", "ReadWrite")
                .post().then().statusCode(501);

        // A folder's share URL is its page in the web UI, which opens it by that link.
        JsonPath ancestry = wopi().request("/wopi/files/" + shared.document() + "/ancestry", alices).get().then()
                .statusCode(200).extract().jsonPath();
        String folderUrl = ancestry.getString("AncestorsWithRootFirst[-1].Url");
        String folderToken = java.net.URLDecoder.decode(folderUrl.substring(folderUrl.indexOf("access_token=") + 13).split("&")[0],
                StandardCharsets.UTF_8);
        wopi().request("/wopi/containers/" + shared.folder(), folderToken).override("GET_SHARE_URL")
                .header("X-WOPI-UrlType", "ReadOnly").post().then().statusCode(200)
                .body("ShareUrl", equalTo(WopiStackResource.stack().publicBaseUrl() + "/#folder/" + shared.folder()));
        Users.as(shared.bob()).get("/api/folders/" + shared.folder() + "?limit=1").then().statusCode(200)
                .body("name", equalTo("Links")).body("role", equalTo("viewer"));
        Users.as(shared.carol()).get("/api/folders/" + shared.folder() + "?limit=1").then().statusCode(404);
    }

    private static final String TWO_ACTIVITIES = """
            { "Activities": [
              { "Type": "comment", "Id": "A-1", "Timestamp": "2017-03-15T13:47:13000000Z",
                "Data": { "ContentId": "cid1", "ContentAction": "created", "CommentText": "Looks good", "IsReply": false },
                "People": [ { "Name": "Bob", "Id": "bob", "Provider": "wopi", "Mentioned": true, "Bonus": 1 } ] },
              { "Type": "reaction", "Id": "A-2", "Data": { "ContentId": "cid1", "ContentAction": "created" } },
              { "Type": "comment", "Id": "A-3", "Data": { "ContentAction": "created" } }
            ] }""";

    @Test
    void activitiesAreAnsweredOneByOneKeptOnceAndListedToWhoeverMaySeeTheFile() {
        Shared shared = shared("viewer");
        String alices = launch(shared.alice(), shared.document());
        for (int attempt = 0; attempt < 2; attempt++) {
            wopi().request("/wopi/files/" + shared.document(), alices).override("ADD_ACTIVITIES")
                    .body(TWO_ACTIVITIES.getBytes(StandardCharsets.UTF_8)).post().then().statusCode(200)
                    .body("ActivityResponses.Id", equalTo(List.of("A-1", "A-2", "A-3")))
                    .body("ActivityResponses.Status", equalTo(List.of(0, 3, 2)));
        }
        JsonPath listed = Users.as(shared.bob()).get("/api/files/" + shared.document() + "/activities").then().statusCode(200)
                .extract().jsonPath();
        assertThat(listed.getList("activities.id", String.class)).containsExactly("A-1");
        assertThat(listed.getString("activities[0].userId")).isEqualTo(shared.alice());
        assertThat(listed.getString("activities[0].commentText")).isEqualTo("Looks good");
        assertThat(listed.getString("activities[0].people[0].name")).isEqualTo("Bob");
        assertThat(listed.getBoolean("activities[0].people[0].mentioned")).isTrue();
        Users.as(shared.carol()).get("/api/files/" + shared.document() + "/activities").then().statusCode(404);
    }

    @Test
    void aViewerOrABadBodyAddsNothing() {
        Shared shared = shared("viewer");
        String bobs = launch(shared.bob(), shared.document());
        wopi().request("/wopi/files/" + shared.document(), bobs).override("ADD_ACTIVITIES")
                .body(TWO_ACTIVITIES.getBytes(StandardCharsets.UTF_8)).post().then().statusCode(401);

        String alices = launch(shared.alice(), shared.document());
        for (String bad : List.of("not json", "[]", "{\"Activities\": {}}", "{\"Activities\": [{\"Type\": \"comment\"}]}",
                "{\"Activities\": [{\"Id\": 5, \"Type\": \"comment\"}]}")) {
            wopi().request("/wopi/files/" + shared.document(), alices).override("ADD_ACTIVITIES")
                    .body(bad.getBytes(StandardCharsets.UTF_8)).post().then().statusCode(400);
        }
        StringBuilder many = new StringBuilder("{\"Activities\": [");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"Type\":\"comment\",\"Id\":\"M-").append(i)
                    .append("\",\"Data\":{\"ContentId\":\"c\",\"ContentAction\":\"created\"}}");
        }
        wopi().request("/wopi/files/" + shared.document(), alices).override("ADD_ACTIVITIES")
                .body(many.append("]}").toString().getBytes(StandardCharsets.UTF_8)).post().then().statusCode(400)
                .body(containsString("at most 100"));
        Users.as(shared.alice()).get("/api/files/" + shared.document() + "/activities").then().statusCode(200)
                .body("activities.size()", equalTo(0));
    }
}
