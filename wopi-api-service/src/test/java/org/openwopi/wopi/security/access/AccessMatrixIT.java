package org.openwopi.wopi.security.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Every door, tried by every role: for none, viewer, editor and owner of a shared folder and the document in it, each
 * WOPI operation, user-API call, streaming route, the host page and the launch call answer exactly the status in
 * the table, and whatever is refused changes nothing (the folder's entries, the document's name, content and
 * versions, its lock). "None" holds a WOPI token from a share that was then taken back.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class AccessMatrixIT {

    enum Who { NONE, VIEWER, EDITOR, OWNER }

    @Inject
    AccessTokens tokens;

    /** The state a refusal must leave alone. */
    private record Snapshot(List<String> entries, String name, String content, int versions, String lock, int activities) {
    }

    /** {@code token} opens the document, {@code folderToken} the shared folder (as Office gets it: from the ancestry). */
    private record Fixture(String owner, String user, String folder, String file, String token, String folderToken,
                           String fileUrl) {
    }

    private interface Door extends Function<Fixture, Response> {
    }

    private static Map<String, Door> doors(WopiClient wopi) {
        Map<String, Door> doors = new LinkedHashMap<>();
        doors.put("GET /api/folders/{id}", f -> Users.as(f.user()).get("/api/folders/" + f.folder()));
        doors.put("GET /api/files/{id}", f -> Users.as(f.user()).get("/api/files/" + f.file()));
        doors.put("GET /api/files/{id}/content", f -> Users.as(f.user()).get("/api/files/" + f.file() + "/content"));
        doors.put("GET /api/files/{id}/versions", f -> Users.as(f.user()).get("/api/files/" + f.file() + "/versions"));
        doors.put("GET /api/files/{id}/activity", f -> Users.as(f.user()).get("/api/files/" + f.file() + "/activity"));
        doors.put("POST /api/files/{id}/launch", f -> Users.as(f.user()).post("/api/files/" + f.file() + "/launch?action=edit"));
        doors.put("GET /host/{id}", f -> Users.as(f.user()).redirects().follow(false).get("/host/" + f.file() + "?action=edit"));
        doors.put("GET /api/files/{id}/shares", f -> Users.as(f.user()).get("/api/files/" + f.file() + "/shares"));
        doors.put("GET /api/folders/{id}/shares", f -> Users.as(f.user()).get("/api/folders/" + f.folder() + "/shares"));
        doors.put("WOPI CheckFileInfo", f -> wopi.request("/wopi/files/" + f.file(), f.token()).get());
        doors.put("WOPI GetFile", f -> wopi.request("/wopi/files/" + f.file() + "/contents", f.token()).get());
        doors.put("WOPI GetLock", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("GET_LOCK").post());
        doors.put("WOPI EnumerateAncestors", f -> wopi.request("/wopi/files/" + f.file() + "/ancestry", f.token()).get());
        doors.put("WOPI PutUserInfo", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("PUT_USER_INFO")
                .body("{}".getBytes(StandardCharsets.UTF_8)).post());
        doors.put("WOPI GetShareUrl ReadWrite", f -> wopi.request("/wopi/files/" + f.file(), f.token())
                .override("GET_SHARE_URL").header("X-WOPI-UrlType", "ReadWrite").post());
        doors.put("WOPI AddActivities", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("ADD_ACTIVITIES")
                .body(("{\"Activities\":[{\"Type\":\"comment\",\"Id\":\"" + f.user() + "\",\"Data\":{\"ContentId\":\"c\","
                        + "\"ContentAction\":\"created\"}}]}").getBytes(StandardCharsets.UTF_8)).post());
        doors.put("GET FileUrl", f -> io.restassured.RestAssured.given().get(f.fileUrl()));
        doors.put("GET /api/files/{id}/activities", f -> Users.as(f.user()).get("/api/files/" + f.file() + "/activities"));
        doors.put("GET /api/files/{id}/unsaved", f -> Users.as(f.user()).get("/api/files/" + f.file() + "/unsaved"));
        doors.put("WOPI Lock", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("LOCK")
                .header("X-WOPI-Lock", "matrix").post());
        doors.put("WOPI RefreshLock", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("REFRESH_LOCK")
                .header("X-WOPI-Lock", "matrix").post());
        doors.put("WOPI PutFile", f -> wopi.request("/wopi/files/" + f.file() + "/contents", f.token()).override("PUT")
                .header("X-WOPI-Lock", "matrix").body(("by " + f.user()).getBytes(StandardCharsets.UTF_8)).post());
        doors.put("WOPI Unlock", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("UNLOCK")
                .header("X-WOPI-Lock", "matrix").post());
        doors.put("WOPI PutRelativeFile", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("PUT_RELATIVE")
                .header("X-WOPI-SuggestedTarget", ".copy.docx").body(new byte[] {1}).post());
        doors.put("WOPI CheckContainerInfo", f -> wopi.request("/wopi/containers/" + f.folder(), f.folderToken()).get());
        doors.put("WOPI EnumerateChildren", f -> wopi.request("/wopi/containers/" + f.folder() + "/children", f.folderToken()).get());
        doors.put("WOPI CreateChildFile", f -> wopi.request("/wopi/containers/" + f.folder(), f.folderToken())
                .override("CREATE_CHILD_FILE").header("X-WOPI-SuggestedTarget", "Child.docx").body(new byte[] {1}).post());
        doors.put("WOPI CreateChildContainer", f -> wopi.request("/wopi/containers/" + f.folder(), f.folderToken())
                .override("CREATE_CHILD_CONTAINER").header("X-WOPI-SuggestedTarget", "Child folder").post());
        doors.put("WOPI RenameContainer", f -> wopi.request("/wopi/containers/" + f.folder(), f.folderToken())
                .override("RENAME_CONTAINER").header("X-WOPI-RequestedName", "Renamed folder").post());
        doors.put("PUT /api/files/{id}/content", f -> Users.as(f.user()).contentType("application/octet-stream")
                .body("api write".getBytes(StandardCharsets.UTF_8)).put("/api/files/" + f.file() + "/content"));
        doors.put("POST /api/files/{id}/versions/1/restore", f -> Users.as(f.user()).post("/api/files/" + f.file() + "/versions/1/restore"));
        doors.put("POST /api/files (upload into)", f -> Users.as(f.user()).contentType("application/octet-stream")
                .body("new".getBytes(StandardCharsets.UTF_8)).queryParam("name", "New.docx").queryParam("folderId", f.folder())
                .post("/api/files"));
        doors.put("POST /api/files/new (into)", f -> Users.as(f.user()).queryParam("kind", "docx")
                .queryParam("folderId", f.folder()).post("/api/files/new"));
        doors.put("POST /api/folders (into)", f -> Users.as(f.user()).contentType("application/json")
                .body(Map.of("name", "Sub", "parentId", f.folder())).post("/api/folders"));
        doors.put("DELETE /api/files/{id}/lock", f -> Users.as(f.user()).delete("/api/files/" + f.file() + "/lock"));
        doors.put("POST /api/files/{id}/shares", f -> Users.as(f.user()).contentType("application/json")
                .body(Map.of("grantee", f.owner().replace("alice", "carol"), "role", "viewer")).post("/api/files/" + f.file() + "/shares"));
        doors.put("WOPI RenameFile", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("RENAME_FILE")
                .header("X-WOPI-RequestedName", "Renamed").post());
        doors.put("PATCH /api/files/{id}", f -> Users.as(f.user()).contentType("application/json")
                .body(Map.of("name", "Renamed again.docx")).patch("/api/files/" + f.file()));
        doors.put("WOPI DeleteFile", f -> wopi.request("/wopi/files/" + f.file(), f.token()).override("DELETE").post());
        doors.put("DELETE /api/files/{id}", f -> Users.as(f.user()).delete("/api/files/" + f.file()));
        return doors;
    }

    /** The expected status of each door, in order: none, viewer, editor, owner. */
    private static final Map<String, int[]> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("GET /api/folders/{id}", new int[] {404, 200, 200, 200});
        EXPECTED.put("GET /api/files/{id}", new int[] {404, 200, 200, 200});
        EXPECTED.put("GET /api/files/{id}/content", new int[] {404, 200, 200, 200});
        EXPECTED.put("GET /api/files/{id}/versions", new int[] {404, 200, 200, 200});
        EXPECTED.put("GET /api/files/{id}/activity", new int[] {404, 200, 200, 200});
        EXPECTED.put("POST /api/files/{id}/launch", new int[] {404, 200, 200, 200});
        EXPECTED.put("GET /host/{id}", new int[] {404, 200, 200, 200});
        EXPECTED.put("GET /api/files/{id}/shares", new int[] {404, 403, 403, 200});
        EXPECTED.put("GET /api/folders/{id}/shares", new int[] {404, 403, 403, 200});
        EXPECTED.put("WOPI CheckFileInfo", new int[] {401, 200, 200, 200});
        EXPECTED.put("WOPI GetFile", new int[] {401, 200, 200, 200});
        EXPECTED.put("WOPI GetLock", new int[] {401, 200, 200, 200});
        EXPECTED.put("WOPI EnumerateAncestors", new int[] {401, 200, 200, 200});
        EXPECTED.put("WOPI PutUserInfo", new int[] {401, 200, 200, 200});
        EXPECTED.put("WOPI GetShareUrl ReadWrite", new int[] {401, 501, 200, 200});
        EXPECTED.put("WOPI AddActivities", new int[] {401, 401, 200, 200});
        EXPECTED.put("GET FileUrl", new int[] {401, 200, 200, 200});
        EXPECTED.put("GET /api/files/{id}/activities", new int[] {404, 200, 200, 200});
        EXPECTED.put("GET /api/files/{id}/unsaved", new int[] {404, 403, 200, 200});
        EXPECTED.put("WOPI Lock", new int[] {401, 401, 200, 200});
        EXPECTED.put("WOPI RefreshLock", new int[] {401, 401, 200, 200});
        EXPECTED.put("WOPI PutFile", new int[] {401, 401, 200, 200});
        EXPECTED.put("WOPI Unlock", new int[] {401, 401, 200, 200});
        EXPECTED.put("WOPI PutRelativeFile", new int[] {401, 501, 200, 200});
        EXPECTED.put("WOPI CheckContainerInfo", new int[] {401, 200, 200, 200});
        EXPECTED.put("WOPI EnumerateChildren", new int[] {401, 200, 200, 200});
        EXPECTED.put("WOPI CreateChildFile", new int[] {401, 401, 200, 200});
        EXPECTED.put("WOPI CreateChildContainer", new int[] {401, 401, 200, 200});
        EXPECTED.put("WOPI RenameContainer", new int[] {401, 401, 401, 200});
        EXPECTED.put("PUT /api/files/{id}/content", new int[] {404, 403, 200, 200});
        EXPECTED.put("POST /api/files/{id}/versions/1/restore", new int[] {404, 403, 200, 200});
        EXPECTED.put("POST /api/files (upload into)", new int[] {404, 403, 201, 201});
        EXPECTED.put("POST /api/files/new (into)", new int[] {404, 403, 201, 201});
        EXPECTED.put("POST /api/folders (into)", new int[] {404, 403, 201, 201});
        EXPECTED.put("DELETE /api/files/{id}/lock", new int[] {404, 403, 204, 204});
        EXPECTED.put("POST /api/files/{id}/shares", new int[] {404, 403, 403, 201});
        EXPECTED.put("WOPI RenameFile", new int[] {401, 401, 401, 200});
        EXPECTED.put("PATCH /api/files/{id}", new int[] {404, 403, 403, 200});
        EXPECTED.put("WOPI DeleteFile", new int[] {401, 401, 401, 200});
        EXPECTED.put("DELETE /api/files/{id}", new int[] {404, 403, 403, 404});
    }

    /** Signs {@code user} in once, so that shares may name them. */

    private Fixture fixture(Who who) {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        Users.signedIn(alice.replace("alice", "carol"));
        String folder = Users.as(alice).contentType("application/json").body(Map.of("name", "Matrix"))
                .post("/api/folders").then().statusCode(201).extract().path("id");
        String file = Users.as(alice).contentType("application/octet-stream").body("original".getBytes(StandardCharsets.UTF_8))
                .queryParam("name", "Doc.docx").queryParam("folderId", folder).post("/api/files")
                .then().statusCode(201).extract().path("id");
        if (who == Who.OWNER) {
            String token = launch(alice, file);
            return new Fixture(alice, alice, folder, file, token, folderToken(token, file), fileUrl(token, file));
        }
        String user = Users.signedIn(WopiClient.unique("user"));
        String role = who == Who.EDITOR ? "editor" : "viewer";
        String share = Users.as(alice).contentType("application/json").body(Map.of("grantee", user, "role", role))
                .post("/api/folders/" + folder + "/shares").then().statusCode(201).extract().path("id");
        String token = launch(user, file);
        String folderToken = folderToken(token, file);
        String fileUrl = fileUrl(token, file);
        if (who == Who.NONE) {
            Users.as(alice).delete("/api/shares/" + share).then().statusCode(204);
        }
        return new Fixture(alice, user, folder, file, token, folderToken, fileUrl);
    }

    /** The folder's token from the document's ancestry, as Office finds its way up. */
    private String folderToken(String token, String file) {
        JsonPath ancestry = new WopiClient(tokens).request("/wopi/files/" + file + "/ancestry", token).get().then()
                .statusCode(200).extract().jsonPath();
        String url = ancestry.getString("AncestorsWithRootFirst.find { it.Name == 'Matrix' }.Url");
        String encoded = url.substring(url.indexOf("access_token=") + "access_token=".length()).split("&")[0];
        return java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    /** CheckFileInfo's FileUrl for the token, as Office reads it. */
    private String fileUrl(String token, String file) {
        return new WopiClient(tokens).request("/wopi/files/" + file, token).get().then().statusCode(200).extract().path("FileUrl");
    }

    private static String launch(String user, String file) {
        return Users.as(user).post("/api/files/" + file + "/launch?action=edit").then().statusCode(200).extract().path("accessToken");
    }

    private static Snapshot snapshot(Fixture f) {
        JsonPath listing = Users.as(f.owner()).get("/api/folders/" + f.folder()).then().statusCode(200).extract().jsonPath();
        List<String> entries = new ArrayList<>(listing.getList("folders.name", String.class));
        entries.addAll(listing.getList("files.name", String.class));
        Response file = Users.as(f.owner()).get("/api/files/" + f.file());
        if (file.statusCode() == 404) {
            return new Snapshot(entries, null, null, 0, null, 0);
        }
        String content = Users.as(f.owner()).get("/api/files/" + f.file() + "/content").then().statusCode(200).extract().asString();
        int versions = Users.as(f.owner()).get("/api/files/" + f.file() + "/versions").then().statusCode(200).extract()
                .jsonPath().getList("$").size();
        Object lock = file.jsonPath().get("lockedBy.users");
        int activities = Users.as(f.owner()).get("/api/files/" + f.file() + "/activities").then().statusCode(200).extract()
                .jsonPath().getList("activities").size();
        return new Snapshot(entries, file.jsonPath().getString("name"), content, versions, String.valueOf(lock), activities);
    }

    @ParameterizedTest
    @EnumSource(Who.class)
    void everyDoorAnswersTheRoleExactlyAndARefusalChangesNothing(Who who) {
        Fixture fixture = fixture(who);
        Map<String, Door> doors = doors(new WopiClient(tokens));
        assertThat(doors.keySet()).containsExactlyElementsOf(EXPECTED.keySet());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Door> door : doors.entrySet()) {
            Snapshot before = snapshot(fixture);
            int status = door.getValue().apply(fixture).statusCode();
            int expected = EXPECTED.get(door.getKey())[who.ordinal()];
            if (status != expected) {
                wrong.add(door.getKey() + ": " + status + ", expected " + expected);
            }
            if (status >= 400) {
                Snapshot after = snapshot(fixture);
                if (!after.equals(before)) {
                    wrong.add(door.getKey() + " refused with " + status + " but changed " + before + " into " + after);
                }
            }
        }
        assertThat(wrong).as(who + " at every door").isEmpty();
    }
}
