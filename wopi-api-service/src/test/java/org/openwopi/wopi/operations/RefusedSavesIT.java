package org.openwopi.wopi.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
 * No edit is ever lost: a PutFile refused because the lock is another session's, the lock was lost, or Collabora's
 * copy is older than the file is answered as WOPI asks and kept as the session's unsaved changes, which those who may
 * edit the file list, download and restore, and nobody else sees.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class RefusedSavesIT {

    @Inject
    AccessTokens tokens;

    private WopiClient wopi() {
        return new WopiClient(tokens);
    }

    private record Doc(String alice, String bob, String carol, String file, String token) {
    }

    /** alice's document in a folder bob may only view; carol a stranger. */
    private Doc doc(String content) {
        String alice = WopiClient.unique("alice");
        String bob = WopiClient.unique("bob");
        String carol = WopiClient.unique("carol");
        for (String user : List.of(alice, bob, carol)) {
            Users.as(user).get("/api/me").then().statusCode(200);
        }
        String folder = Users.as(alice).contentType("application/json").body(Map.of("name", "Drafts"))
                .post("/api/folders").then().statusCode(201).extract().path("id");
        String file = Users.as(alice).contentType("application/octet-stream").body(content.getBytes(StandardCharsets.UTF_8))
                .queryParam("name", "Doc.docx").queryParam("folderId", folder).post("/api/files")
                .then().statusCode(201).extract().path("id");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "viewer"))
                .post("/api/folders/" + folder + "/shares").then().statusCode(201);
        String token = Users.as(alice).post("/api/files/" + file + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        return new Doc(alice, bob, carol, file, token);
    }

    private io.restassured.response.Response put(Doc doc, String lock, String content, Map<String, String> headers) {
        WopiClient.Request request = wopi().request("/wopi/files/" + doc.file() + "/contents", doc.token()).override("PUT")
                .body(content.getBytes(StandardCharsets.UTF_8));
        if (lock != null) {
            request.header("X-WOPI-Lock", lock);
        }
        headers.forEach(request::header);
        return request.post();
    }

    private static String content(String user, String path) {
        return Users.as(user).get(path).then().statusCode(200).extract().asString();
    }

    @Test
    void aSaveUnderAnotherSessionsLockIsRefusedKeptAndRestorableOnceTheLockIsGone() {
        Doc doc = doc("first");
        wopi().request("/wopi/files/" + doc.file(), doc.token()).override("LOCK").header("X-WOPI-Lock", "session-1").post()
                .then().statusCode(200);

        put(doc, "session-2", "typed in session 2", Map.of()).then().statusCode(409).header("X-WOPI-Lock", "session-1");

        assertThat(content(doc.alice(), "/api/files/" + doc.file() + "/content")).isEqualTo("first");
        JsonPath kept = Users.as(doc.alice()).get("/api/files/" + doc.file() + "/unsaved").then().statusCode(200)
                .extract().jsonPath();
        assertThat(kept.getList("reason", String.class)).containsExactly("lock-mismatch");
        assertThat(kept.getString("[0].sessionId")).isEqualTo("session-2");
        assertThat(kept.getString("[0].userId")).isEqualTo(doc.alice());
        String unsaved = kept.getString("[0].id");
        assertThat(content(doc.alice(), "/api/files/" + doc.file() + "/unsaved/" + unsaved + "/content"))
                .isEqualTo("typed in session 2");

        // While Office holds the file, nothing overwrites it behind its back.
        Users.as(doc.alice()).post("/api/files/" + doc.file() + "/unsaved/" + unsaved + "/restore").then().statusCode(423);
        wopi().request("/wopi/files/" + doc.file(), doc.token()).override("UNLOCK").header("X-WOPI-Lock", "session-1").post()
                .then().statusCode(200);
        Users.as(doc.alice()).post("/api/files/" + doc.file() + "/unsaved/" + unsaved + "/restore").then().statusCode(200)
                .body("version", equalTo(2));
        assertThat(content(doc.alice(), "/api/files/" + doc.file() + "/content")).isEqualTo("typed in session 2");
        Users.as(doc.alice()).get("/api/files/" + doc.file() + "/unsaved").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aSaveAfterTheLockWasLostAndAnOlderCollaboraCopyAreKeptToo() {
        Doc doc = doc("first");
        // Office's lock expired: the file is unlocked and not empty.
        put(doc, "expired-session", "typed while the lock expired", Map.of()).then().statusCode(409);

        wopi().request("/wopi/files/" + doc.file(), doc.token()).override("LOCK").header("X-WOPI-Lock", "cool").post()
                .then().statusCode(200);
        put(doc, "cool", "an older copy's edit", Map.of("X-COOL-WOPI-Timestamp", "2020-01-01T00:00:00Z")).then()
                .statusCode(409).body("COOLStatusCode", equalTo(1010));

        JsonPath kept = Users.as(doc.alice()).get("/api/files/" + doc.file() + "/unsaved").then().statusCode(200)
                .extract().jsonPath();
        assertThat(kept.getList("reason", String.class)).containsExactly("changed", "lock-lost");
        assertThat(content(doc.alice(), "/api/files/" + doc.file() + "/content")).isEqualTo("first");
    }

    @Test
    void onlyThoseWhoMayEditSeeTouchOrRestoreUnsavedChanges() {
        Doc doc = doc("first");
        put(doc, "lost", "alice's draft", Map.of()).then().statusCode(409);
        String unsaved = Users.as(doc.alice()).get("/api/files/" + doc.file() + "/unsaved").then().statusCode(200)
                .extract().path("[0].id");
        String base = "/api/files/" + doc.file() + "/unsaved";

        for (String[] who : new String[][] {{doc.bob(), "403"}, {doc.carol(), "404"}}) {
            int status = Integer.parseInt(who[1]);
            Users.as(who[0]).get(base).then().statusCode(status);
            Users.as(who[0]).get(base + "/" + unsaved + "/content").then().statusCode(status);
            Users.as(who[0]).post(base + "/" + unsaved + "/restore").then().statusCode(status);
            Users.as(who[0]).delete(base + "/" + unsaved).then().statusCode(status);
        }
        Users.as(doc.alice()).get(base + "/not-an-id/content").then().statusCode(404);
        Users.as(doc.alice()).post(base + "/" + java.util.UUID.randomUUID() + "/restore").then().statusCode(404);

        assertThat(content(doc.alice(), base + "/" + unsaved + "/content")).isEqualTo("alice's draft");
        assertThat(content(doc.alice(), "/api/files/" + doc.file() + "/content")).isEqualTo("first");
        Users.as(doc.alice()).delete(base + "/" + unsaved).then().statusCode(204);
        Users.as(doc.alice()).get(base).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void collaborasExitSaveAlwaysMakesAVersionOfItsOwn() {
        Doc doc = doc("first");
        wopi().request("/wopi/files/" + doc.file(), doc.token()).override("LOCK").header("X-WOPI-Lock", "cool").post()
                .then().statusCode(200);
        Map<String, String> autosave = Map.of("X-COOL-WOPI-IsAutosave", "true");
        put(doc, "cool", "autosave 1", autosave).then().statusCode(200);
        put(doc, "cool", "autosave 2", autosave).then().statusCode(200);
        put(doc, "cool", "unchanged", Map.of("X-COOL-WOPI-IsModifiedByUser", "false")).then().statusCode(200);
        put(doc, "cool", "on exit", Map.of("X-COOL-WOPI-IsAutosave", "true", "X-COOL-WOPI-IsExitSave", "true"))
                .then().statusCode(200);

        List<Integer> versions = Users.as(doc.alice()).get("/api/files/" + doc.file() + "/versions").then().statusCode(200)
                .extract().jsonPath().getList("version", Integer.class);
        // The autosaves and the unmodified save collapse into one; the exit save stands on its own.
        assertThat(versions).containsExactly(5, 4, 1);
    }
}
