package org.openwopi.wopi.security.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.TestAccessTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Sharing over the real services, each decision tried by the wrong user as well: alice owns, bob is shared with,
 * carol is a stranger who has signed in too.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class SharingIT {

    /** Minted in the test's JVM, not asked of a bean: {@code PackagedSharingIT} runs this class against the packaged service. */
    final AccessTokens tokens = TestAccessTokens.shared();

    private WopiClient wopi() {
        return new WopiClient(tokens);
    }

    /** A user who has signed in once (shares name only people known here), in {@code groups}. */
    private static String signedIn(String name, String... groups) {
        String user = WopiClient.unique(name);
        Users.as(user, groups).get("/api/me").then().statusCode(200);
        return user;
    }

    private static String folder(String user, String name) {
        return Users.as(user).contentType("application/json").body(Map.of("name", name))
                .post("/api/folders").then().statusCode(201).extract().path("id");
    }

    private static io.restassured.response.Response upload(String user, String folder, String name, String content) {
        return Users.as(user).contentType("application/octet-stream").body(content.getBytes(StandardCharsets.UTF_8))
                .queryParam("name", name).queryParam("folderId", folder).post("/api/files");
    }

    private static String share(String owner, String kind, String id, String grantee, String role) {
        return Users.as(owner).contentType("application/json").body(Map.of("grantee", grantee, "role", role))
                .post("/api/" + kind + "/" + id + "/shares").then().statusCode(201)
                .body("grantee", equalTo(grantee)).body("role", equalTo(role)).extract().path("id");
    }

    private static String content(String user, String id) {
        return Users.as(user).get("/api/files/" + id + "/content").then().statusCode(200).extract().asString();
    }

    @Test
    void aViewerReadsEverythingInTheSharedFolderAndChangesNothing() {
        String alice = signedIn("alice");
        String bob = signedIn("bob");
        String carol = signedIn("carol");
        String team = folder(alice, "Team");
        String plan = upload(alice, team, "Plan.docx", "alice's plan").then().statusCode(201).extract().path("id");
        share(alice, "folders", team, bob, "viewer");

        Users.as(bob).get("/api/folders/" + team).then().statusCode(200).body("role", equalTo("viewer"))
                .body("files.name", equalTo(java.util.List.of("Plan.docx")));
        Users.as(bob).get("/api/files/" + plan).then().statusCode(200).body("name", equalTo("Plan.docx"));
        assertThat(content(bob, plan)).isEqualTo("alice's plan");
        Users.as(bob).get("/api/files/" + plan + "/versions").then().statusCode(200);

        // Asked "to edit", a viewer is sent to the view action with a token that writes nothing, and CheckFileInfo
        // says so.
        String token = Users.as(bob).post("/api/files/" + plan + "/launch?action=edit").then().statusCode(200)
                .body("action", equalTo("view")).extract().path("accessToken");
        wopi().request("/wopi/files/" + plan, token).get().then().statusCode(200)
                .body("UserCanWrite", equalTo(false)).body("ReadOnly", equalTo(true)).body("UserCanRename", equalTo(false))
                .body("UserCanNotWriteRelative", equalTo(true)).body("OwnerId", equalTo(alice));
        wopi().request("/wopi/files/" + plan + "/contents", token).get().then().statusCode(200);
        wopi().request("/wopi/files/" + plan, token).override("LOCK").header("X-WOPI-Lock", "L").post().then().statusCode(401);
        wopi().request("/wopi/files/" + plan + "/contents", token).override("PUT")
                .body("bob's".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(401);

        // Browsing in Office: the folder's children come with view-only tokens, and the breadcrumb starts at bob's own
        // root and then shows only what is shared with him.
        String folderToken = wopi().token(bob, Resource.container(team), java.util.EnumSet.of(Permission.VIEW));
        String childUrl = wopi().request("/wopi/containers/" + team + "/children", folderToken).get().then().statusCode(200)
                .body("ChildFiles[0].Name", equalTo("Plan.docx")).extract().path("ChildFiles[0].Url");
        String childToken = childUrl.substring(childUrl.indexOf("access_token=") + "access_token=".length()).split("&")[0];
        wopi().request("/wopi/files/" + plan, java.net.URLDecoder.decode(childToken, StandardCharsets.UTF_8)).get()
                .then().statusCode(200).body("UserCanWrite", equalTo(false));
        JsonPath ancestry = wopi().request("/wopi/files/" + plan + "/ancestry", token).get().then().statusCode(200)
                .extract().jsonPath();
        assertThat(ancestry.getList("AncestorsWithRootFirst.Name", String.class)).containsExactly("Root", "Team");

        // Every user-API door that changes something is shut (403: bob knows the file exists, it is shared with him).
        Users.as(bob).contentType("application/octet-stream").body("bob's".getBytes(StandardCharsets.UTF_8))
                .put("/api/files/" + plan + "/content").then().statusCode(403);
        Users.as(bob).contentType("application/json").body(Map.of("name", "Mine.docx")).patch("/api/files/" + plan)
                .then().statusCode(403);
        Users.as(bob).delete("/api/files/" + plan).then().statusCode(403);
        Users.as(bob).post("/api/files/" + plan + "/versions/1/restore").then().statusCode(403);
        upload(bob, team, "Planted.docx", "bob's").then().statusCode(403);
        Users.as(bob).contentType("application/json").body(Map.of("name", "Sub", "parentId", team))
                .post("/api/folders").then().statusCode(403);
        Users.as(bob).contentType("application/json").body(Map.of("grantee", carol, "role", "viewer"))
                .post("/api/folders/" + team + "/shares").then().statusCode(403);
        // Even a token claiming every right for the folder creates nothing there: WOPI asks the gate again.
        String broad = wopi().token(bob, Resource.container(team), Permission.all());
        wopi().request("/wopi/containers/" + team, broad).override("CREATE_CHILD_FILE")
                .header("X-WOPI-SuggestedTarget", "Planted.docx").body(new byte[] {1}).post().then().statusCode(401);

        assertThat(content(alice, plan)).isEqualTo("alice's plan");
        Users.as(alice).get("/api/folders/" + team).then().statusCode(200).body("role", equalTo("owner"))
                .body("files.name", equalTo(java.util.List.of("Plan.docx"))).body("folders.size()", equalTo(0));

        // Carol, shared nothing, learns nothing.
        Users.as(carol).get("/api/folders/" + team).then().statusCode(404);
        Users.as(carol).get("/api/files/" + plan).then().statusCode(404);
        Users.as(carol).get("/api/files/" + plan + "/content").then().statusCode(404);
        Users.as(carol).post("/api/files/" + plan + "/launch").then().statusCode(404);
        Users.as(carol).get("/api/folders/" + team + "/shares").then().statusCode(404);
        Users.as(carol).get("/api/shared-with-me").then().statusCode(200).body("folders.size()", equalTo(0))
                .body("files.size()", equalTo(0));
        Users.as(bob).get("/api/shared-with-me").then().statusCode(200)
                .body("folders[0].folder.id", equalTo(team)).body("folders[0].role", equalTo("viewer"));
    }

    @Test
    void anEditorWritesIntoTheSharedFolderWhatStaysTheOwnersAndCannotRenameDeleteOrShare() {
        String alice = signedIn("alice");
        String bob = signedIn("bob");
        String carol = signedIn("carol");
        String team = folder(alice, "Team");
        String plan = upload(alice, team, "Plan.docx", "v1").then().statusCode(201).extract().path("id");
        share(alice, "folders", team, bob, "editor");

        String added = upload(bob, team, "Added.docx", "bob's notes").then().statusCode(201).extract().path("id");
        String sub = Users.as(bob).contentType("application/json").body(Map.of("name", "Sub", "parentId", team))
                .post("/api/folders").then().statusCode(201).body("ownerId", equalTo(alice)).extract().path("id");
        upload(bob, sub, "Deep.docx", "deep").then().statusCode(201);
        Users.as(bob).contentType("application/octet-stream").body("v2 by bob".getBytes(StandardCharsets.UTF_8))
                .put("/api/files/" + plan + "/content").then().statusCode(200);

        // What bob made is alice's: she sees, renames and deletes it; the versions say who wrote what.
        assertThat(content(alice, plan)).isEqualTo("v2 by bob");
        assertThat(content(alice, added)).isEqualTo("bob's notes");
        Users.as(alice).get("/api/files/" + plan + "/versions").then().statusCode(200).body("size()", equalTo(2));
        Users.as(alice).get("/api/folders/" + sub).then().statusCode(200).body("files.name", equalTo(java.util.List.of("Deep.docx")));

        // In Office bob edits and saves under a lock, but may not rename.
        String token = Users.as(bob).post("/api/files/" + plan + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        wopi().request("/wopi/files/" + plan, token).get().then().statusCode(200)
                .body("UserCanWrite", equalTo(true)).body("UserCanRename", equalTo(false))
                .body("UserFriendlyName", equalTo(bob + " Example"));
        wopi().request("/wopi/files/" + plan, token).override("LOCK").header("X-WOPI-Lock", "bob-session").post()
                .then().statusCode(200);
        wopi().request("/wopi/files/" + plan + "/contents", token).override("PUT").header("X-WOPI-Lock", "bob-session")
                .body("v3 in Office".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(200);
        wopi().request("/wopi/files/" + plan, token).override("RENAME_FILE").header("X-WOPI-Lock", "bob-session")
                .header("X-WOPI-RequestedName", "Renamed").post().then().statusCode(401);
        wopi().request("/wopi/files/" + plan, token).override("UNLOCK").header("X-WOPI-Lock", "bob-session").post()
                .then().statusCode(200);
        assertThat(content(alice, plan)).isEqualTo("v3 in Office");

        Users.as(bob).contentType("application/json").body(Map.of("name", "Renamed.docx")).patch("/api/files/" + added)
                .then().statusCode(403);
        Users.as(bob).delete("/api/files/" + added).then().statusCode(403);
        Users.as(bob).contentType("application/json").body(Map.of("grantee", carol, "role", "editor"))
                .post("/api/files/" + added + "/shares").then().statusCode(403);
        Users.as(carol).get("/api/files/" + added).then().statusCode(404);
        upload(carol, team, "Carol.docx", "x").then().statusCode(404);
        Users.as(alice).delete("/api/files/" + added).then().statusCode(204);
    }

    @Test
    void twoEditorsCoAuthorUnderOneLockIdAndTheVersionNamesBoth() {
        String alice = signedIn("alice");
        String bob = signedIn("bob");
        String team = folder(alice, "Team");
        String plan = upload(alice, team, "Plan.docx", "v1").then().statusCode(201).extract().path("id");
        share(alice, "folders", team, bob, "editor");
        String aliceToken = Users.as(alice).post("/api/files/" + plan + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        String bobToken = Users.as(bob).post("/api/files/" + plan + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");

        // One Office session, one lock id: each user's Lock refreshes it and joins them to it.
        String session = "coauth-" + System.nanoTime();
        wopi().request("/wopi/files/" + plan, aliceToken).override("LOCK").header("X-WOPI-Lock", session).post()
                .then().statusCode(200);
        wopi().request("/wopi/files/" + plan, bobToken).override("LOCK").header("X-WOPI-Lock", session).post()
                .then().statusCode(200);
        Users.as(alice).get("/api/files/" + plan).then().statusCode(200)
                .body("lockedBy.userId", equalTo(alice)).body("lockedBy.users", equalTo(java.util.List.of(alice, bob)));
        wopi().request("/wopi/files/" + plan, bobToken).override("REFRESH_LOCK").header("X-WOPI-Lock", session).post()
                .then().statusCode(200);

        wopi().request("/wopi/files/" + plan + "/contents", bobToken).override("PUT").header("X-WOPI-Lock", session)
                .header("X-WOPI-Editors", alice + ", " + bob).body("v2 together".getBytes(StandardCharsets.UTF_8)).post()
                .then().statusCode(200);
        wopi().request("/wopi/files/" + plan + "/contents", aliceToken).override("PUT").header("X-WOPI-Lock", session)
                .header("X-WOPI-Editors", alice).body("v3 by alice".getBytes(StandardCharsets.UTF_8)).post()
                .then().statusCode(200);
        // Another session's lock id is refused with the lock that holds.
        wopi().request("/wopi/files/" + plan, aliceToken).override("LOCK").header("X-WOPI-Lock", "other-session").post()
                .then().statusCode(409).header("X-WOPI-Lock", session);
        wopi().request("/wopi/files/" + plan + "/contents", bobToken).override("PUT").header("X-WOPI-Lock", "other-session")
                .body("lost".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(409).header("X-WOPI-Lock", session);

        JsonPath versions = Users.as(alice).get("/api/files/" + plan + "/versions").then().statusCode(200).extract().jsonPath();
        assertThat(versions.getList("editors", java.util.List.class)).containsExactly(
                java.util.List.of(alice), java.util.List.of(bob, alice), java.util.List.of(alice));
        assertThat(content(bob, plan)).isEqualTo("v3 by alice");
        wopi().request("/wopi/files/" + plan, bobToken).override("UNLOCK").header("X-WOPI-Lock", session).post()
                .then().statusCode(200);
    }

    @Test
    void sharesNameSomeoneKnownWithARealRoleOnceAndOnlyTheOwnerGivesThem() {
        String alice = signedIn("alice");
        String bob = signedIn("bob");
        String team = folder(alice, "Team");
        String file = upload(alice, "root", "Alone.docx", "x").then().statusCode(201).extract().path("id");

        var json = Users.as(alice).contentType("application/json");
        json.body(Map.of("grantee", "nobody-" + System.nanoTime(), "role", "viewer")).post("/api/files/" + file + "/shares")
                .then().statusCode(400);
        Users.as(alice).contentType("application/json").body(Map.of("grantee", alice, "role", "viewer"))
                .post("/api/files/" + file + "/shares").then().statusCode(400);
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "owner"))
                .post("/api/files/" + file + "/shares").then().statusCode(400);
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "viewer", "granteeType", "robot"))
                .post("/api/files/" + file + "/shares").then().statusCode(400);
        Users.as(alice).contentType("application/json").body("{}").post("/api/files/" + file + "/shares").then().statusCode(400);
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "viewer"))
                .post("/api/folders/root/shares").then().statusCode(400);
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "viewer"))
                .post("/api/files/no-such-file/shares").then().statusCode(404);
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "viewer"))
                .post("/api/files/bad..id/shares").then().statusCode(404);

        String once = share(alice, "files", file, bob, "viewer");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "editor"))
                .post("/api/files/" + file + "/shares").then().statusCode(400);
        share(alice, "folders", team, bob, "editor");
        JsonPath listed = Users.as(alice).get("/api/files/" + file + "/shares").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("id", String.class)).containsExactly(once);
        // Bob, who uses the file, may not see who else does; the owner's list is hers.
        Users.as(bob).get("/api/files/" + file + "/shares").then().statusCode(403);
        Users.as(bob).get("/api/folders/" + team + "/shares").then().statusCode(403);
        Users.as(bob).get("/api/shared-with-me?limit=0").then().statusCode(400);
        Users.as(bob).get("/api/shared-with-me?after=garbage").then().statusCode(400);
    }

    @Test
    void changesAndRevocationsTakeEffectOnTheNextRequest() {
        String alice = signedIn("alice");
        String bob = signedIn("bob");
        String carol = signedIn("carol");
        String team = folder(alice, "Team");
        String plan = upload(alice, team, "Plan.docx", "v1").then().statusCode(201).extract().path("id");
        String shareId = share(alice, "folders", team, bob, "viewer");
        upload(bob, team, "Early.docx", "x").then().statusCode(403);

        Users.as(carol).contentType("application/json").body(Map.of("role", "editor")).patch("/api/shares/" + shareId)
                .then().statusCode(404);
        Users.as(bob).contentType("application/json").body(Map.of("role", "editor")).patch("/api/shares/" + shareId)
                .then().statusCode(403);
        Users.as(alice).contentType("application/json").body(Map.of("role", "superuser")).patch("/api/shares/" + shareId)
                .then().statusCode(400);
        Users.as(alice).contentType("application/json").body(Map.of("role", "editor")).patch("/api/shares/" + shareId)
                .then().statusCode(200).body("role", equalTo("editor"));
        upload(bob, team, "Now.docx", "x").then().statusCode(201);

        // A token bob's Office already holds follows his role (the test profile re-checks on every request;
        // wopi.token.recheck-shared, 30 s by default, bounds how long a change takes).
        String token = Users.as(bob).post("/api/files/" + plan + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        wopi().request("/wopi/files/" + plan, token).get().then().statusCode(200).body("UserCanWrite", equalTo(true));
        Users.as(alice).contentType("application/json").body(Map.of("role", "viewer")).patch("/api/shares/" + shareId)
                .then().statusCode(200);
        wopi().request("/wopi/files/" + plan, token).get().then().statusCode(200).body("UserCanWrite", equalTo(false));
        wopi().request("/wopi/files/" + plan + "/contents", token).override("PUT")
                .body("bob's after all".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(401);

        Users.as(carol).delete("/api/shares/" + shareId).then().statusCode(404);
        Users.as(alice).delete("/api/shares/" + shareId).then().statusCode(204);
        Users.as(bob).get("/api/folders/" + team).then().statusCode(404);
        wopi().request("/wopi/files/" + plan, token).get().then().statusCode(401);
        wopi().request("/wopi/files/" + plan + "/contents", token).get().then().statusCode(401);
        assertThat(content(alice, plan)).isEqualTo("v1");
        Users.as(alice).delete("/api/shares/" + shareId).then().statusCode(404);

        // Bob may give up a share made to him by name.
        String again = share(alice, "folders", team, bob, "viewer");
        Users.as(bob).delete("/api/shares/" + again).then().statusCode(204);
        Users.as(bob).get("/api/folders/" + team).then().statusCode(404);
    }

    @Test
    void aGroupShareReachesItsMembersAsTheyLastSignedIn() {
        String group = WopiClient.unique("team");
        String alice = signedIn("alice");
        String dave = signedIn("dave", group);
        String carol = signedIn("carol");
        String team = folder(alice, "Team");
        Users.as(alice).contentType("application/json").body(Map.of("granteeType", "group", "grantee", "unknown-" + group,
                "role", "viewer")).post("/api/folders/" + team + "/shares").then().statusCode(400);
        String shareId = Users.as(alice).contentType("application/json")
                .body(Map.of("granteeType", "group", "grantee", group, "role", "editor"))
                .post("/api/folders/" + team + "/shares").then().statusCode(201).extract().path("id");

        upload(dave, team, "ByDave.docx", "x").then().statusCode(201);
        Users.as(carol).get("/api/folders/" + team).then().statusCode(404);
        // A member may not take a group's share away from the whole group.
        Users.as(dave, group).delete("/api/shares/" + shareId).then().statusCode(403);
        Users.as(dave, group).get("/api/folders/" + team).then().statusCode(200).body("role", equalTo("editor"));

        // Dave leaves the group: from his next request on, the share no longer reaches him.
        Users.as(dave).get("/api/me").then().statusCode(200);
        Users.as(dave).get("/api/folders/" + team).then().statusCode(404);
    }
}
