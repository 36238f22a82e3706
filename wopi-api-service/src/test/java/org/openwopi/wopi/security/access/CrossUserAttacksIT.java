package org.openwopi.wopi.security.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
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
import io.restassured.response.Response;

/**
 * The attacks of the security review, each tried again by the wrong user over the real services, expecting the
 * defended outcome: two users (alice, bob), each with a top level of their own.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class CrossUserAttacksIT {

    /** Minted in the test's JVM, not asked of a bean: {@code PackagedCrossUserAttacksIT} runs this class against the packaged service. */
    final AccessTokens tokens = TestAccessTokens.shared();

    private WopiClient wopi() {
        return new WopiClient(tokens);
    }

    private static String user(String name) {
        return WopiClient.unique(name);
    }

    private static String upload(String user, String folder, String name, String content) {
        return Users.as(user).contentType("application/octet-stream").body(content.getBytes(StandardCharsets.UTF_8))
                .queryParam("name", name).queryParam("folderId", folder)
                .post("/api/files").then().statusCode(201).extract().path("id");
    }

    private static String content(String user, String id) {
        return Users.as(user).get("/api/files/" + id + "/content").then().statusCode(200).extract().asString();
    }

    /** Finding 1: PutRelativeFile and CreateChildFile with overwrite never reach another user's top-level file. */
    @Test
    void overwritingByNameNeverReachesAnotherUsersFile() {
        String alice = user("alice");
        String bob = user("bob");
        String victim = upload(alice, "root", "Quarterly.docx", "alice's numbers");
        String bobsOwn = upload(bob, "root", "mine.docx", "bob's");

        for (boolean overwrite : List.of(false, true)) {
            Response created = wopi().request("/wopi/files/" + bobsOwn, wopi().token(bob, bobsOwn)).override("PUT_RELATIVE")
                    .header("X-WOPI-RelativeTarget", "Quarterly.docx")
                    .header("X-WOPI-OverwriteRelativeTarget", Boolean.toString(overwrite))
                    .body("bob's takeover".getBytes(StandardCharsets.UTF_8)).post();
            if (!overwrite) {
                // A name free in bob's own top level: no "already exists" that would tell him about alice's.
                created.then().statusCode(200).body("Name", equalTo("Quarterly.docx")).body("Url", not(containsId(victim)));
            } else {
                // Now bob's own file of that name is overwritten; alice's is never touched.
                created.then().statusCode(200).body("Url", not(containsId(victim)));
            }
        }
        String rootToken = wopi().token(bob, Resource.container("root"), Permission.all());
        wopi().request("/wopi/containers/root", rootToken).override("CREATE_CHILD_FILE")
                .header("X-WOPI-RelativeTarget", "Quarterly.docx").header("X-WOPI-OverwriteRelativeTarget", "true")
                .body("again".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(200).body("Url", not(containsId(victim)));

        assertThat(content(alice, victim)).isEqualTo("alice's numbers");
        Users.as(alice).get("/api/files/" + victim + "/versions").then().statusCode(200).body("size()", equalTo(1));
        // Every user-API door to alice's file is shut for bob, and none tells him it exists.
        Users.as(bob).get("/api/files/" + victim).then().statusCode(404);
        Users.as(bob).get("/api/files/" + victim + "/content").then().statusCode(404);
        Users.as(bob).get("/api/files/" + victim + "/versions").then().statusCode(404);
        Users.as(bob).post("/api/files/" + victim + "/versions/1/restore").then().statusCode(404);
        Users.as(bob).post("/api/files/" + victim + "/launch").then().statusCode(404);
        Users.as(bob).delete("/api/files/" + victim + "/lock").then().statusCode(404);
        Users.as(bob).contentType("application/json").body(Map.of("name", "mine-now.docx")).patch("/api/files/" + victim)
                .then().statusCode(404);
        Users.as(bob).contentType("application/octet-stream").body("x".getBytes(StandardCharsets.UTF_8))
                .put("/api/files/" + victim + "/content").then().statusCode(404);
        Users.as(bob).delete("/api/files/" + victim).then().statusCode(404);
        Users.as(bob).redirects().follow(false).get("/host/" + victim).then().statusCode(404);
        JsonPath bobsTop = Users.as(bob).get("/api/folders/root").then().statusCode(200).extract().jsonPath();
        assertThat(bobsTop.getList("files.name", String.class)).containsExactlyInAnyOrder("mine.docx", "Quarterly.docx");
        assertThat(bobsTop.getList("files.id", String.class)).doesNotContain(victim);
    }

    private static org.hamcrest.Matcher<String> containsId(String id) {
        return org.hamcrest.Matchers.containsString("/wopi/files/" + id + "?");
    }

    /** Finding 2: nothing is written into another user's folder, and its name stays free for its owner. */
    @Test
    void uploadsAndFoldersIntoAnotherUsersFolderAreRefusedAndWriteNothing() {
        String alice = user("alice");
        String bob = user("bob");
        String folder = Users.as(alice).contentType("application/json").body(Map.of("name", "Private"))
                .post("/api/folders").then().statusCode(201).extract().path("id");

        Users.as(bob).contentType("application/octet-stream").body("planted".getBytes(StandardCharsets.UTF_8))
                .queryParam("name", "Plan.docx").queryParam("folderId", folder)
                .post("/api/files").then().statusCode(404);
        Users.as(bob).contentType("application/json").body(Map.of("name", "Sub", "parentId", folder))
                .post("/api/folders").then().statusCode(404);
        Users.as(bob).get("/api/folders/" + folder).then().statusCode(404);

        Users.as(alice).get("/api/folders/" + folder).then().statusCode(200)
                .body("files.size()", equalTo(0)).body("folders.size()", equalTo(0));
        upload(alice, folder, "Plan.docx", "alice's plan");
    }

    /** Finding 6: a token carries what the action allows, and CheckFileInfo says exactly that. */
    @Test
    void tokensCarryOnlyWhatTheirActionAndItemAllow() {
        String alice = user("alice");
        String id = upload(alice, "root", "Shown.docx", "content");

        String embed = Users.as(alice).post("/api/files/" + id + "/launch?action=embedview").then().statusCode(200)
                .extract().path("accessToken");
        wopi().request("/wopi/files/" + id, embed).get().then().statusCode(200)
                .body("UserCanWrite", equalTo(false)).body("ReadOnly", equalTo(true))
                .body("UserCanRename", equalTo(false)).body("UserCanNotWriteRelative", equalTo(true));
        wopi().request("/wopi/files/" + id, embed).override("LOCK").header("X-WOPI-Lock", "L").post().then().statusCode(401);
        wopi().request("/wopi/files/" + id + "/contents", embed).override("PUT").body("changed".getBytes(StandardCharsets.UTF_8))
                .post().then().statusCode(401);
        wopi().request("/wopi/files/" + id, embed).override("DELETE").post().then().statusCode(401);

        String view = Users.as(alice).post("/api/files/" + id + "/launch?action=view").then().statusCode(200)
                .extract().path("accessToken");
        // A view session tells Office the user may edit, so that it offers to.
        wopi().request("/wopi/files/" + id, view).get().then().statusCode(200).body("UserCanWrite", equalTo(true));

        // Tokens handed out for other items keep no more than the token they came from.
        String viewOnlyRoot = wopi().token(alice, Resource.container("root"), EnumSet.of(Permission.VIEW));
        String childUrl = wopi().request("/wopi/containers/root/children", viewOnlyRoot).get().then().statusCode(200)
                .extract().jsonPath().getString("ChildFiles.find { it.Name == 'Shown.docx' }.Url");
        String childToken = query(childUrl, "access_token");
        wopi().request("/wopi/files/" + id, childToken).get().then().statusCode(200).body("UserCanWrite", equalTo(false));
        wopi().request("/wopi/files/" + id, childToken).override("DELETE").post().then().statusCode(401);
        assertThat(content(alice, id)).isEqualTo("content");
    }

    /** Finding 7: entries others put into a folder never push the user's own off a page. */
    @Test
    void othersEntriesNeverHideTheUsersOwnListing() {
        String alice = user("alice");
        String bob = user("bob");
        String folder = WopiClient.createFolder("Mine", alice, null);
        for (int i = 0; i < 120; i++) {
            // Put there straight through storage-service, as the upload hole once allowed: whatever lands in alice's
            // folder is alice's now (an editor's upload through a share too), so it can no longer take her places.
            WopiClient.createFile("aaa-planted-" + i + ".txt", bob, folder, new byte[] {1});
        }
        WopiClient.createFile("zz-mine.docx", alice, folder, new byte[] {2});

        JsonPath first = Users.as(alice).queryParam("limit", 100).get("/api/folders/" + folder).then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getList("files")).hasSize(100);
        Users.as(alice).queryParam("limit", 100).queryParam("after", first.getString("next")).get("/api/folders/" + folder)
                .then().statusCode(200).body("files.size()", equalTo(21)).body("files[20].name", equalTo("zz-mine.docx"))
                .body("next", equalTo(null));
        String token = wopi().token(alice, Resource.container(folder), Permission.all());
        List<String> children = wopi().request("/wopi/containers/" + folder + "/children", token).get().then().statusCode(200)
                .extract().jsonPath().getList("ChildFiles.Name", String.class);
        assertThat(children).hasSize(121).endsWith("zz-mine.docx");
        Users.as(bob).get("/api/folders/" + folder).then().statusCode(404);
    }

    /** Finding 3: tokens the identity provider issued to other clients do not open the user API. */
    @Test
    void tokensIssuedToOtherClientsAreRefused() {
        String alice = user("alice");
        String id = upload(alice, "root", "Client.docx", "x");
        String adminCli = Users.tokenIssuedTo("admin-cli", alice);
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + adminCli).get("/api/me").then().statusCode(401);
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + adminCli)
                .post("/api/files/" + id + "/launch").then().statusCode(401);
    }

    private static String query(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    /**
     * The WOPI folder operations, with tokens the gate never granted: bob's token naming alice's folder, a view-only
     * token of alice's own, and a token for another folder. Each is refused and alice's folder stays as it was.
     */
    @Test
    void folderOperationsWithTokensTheGateNeverGrantedChangeNothing() {
        String alice = user("alice");
        String bob = user("bob");
        String folder = Users.as(alice).contentType("application/json").body(Map.of("name", "Kept"))
                .post("/api/folders").then().statusCode(201).extract().path("id");
        upload(alice, folder, "Inside.docx", "inside");
        String other = Users.as(alice).contentType("application/json").body(Map.of("name", "Other"))
                .post("/api/folders").then().statusCode(201).extract().path("id");
        String path = "/wopi/containers/" + folder;

        String bobs = wopi().token(bob, Resource.container(folder), Permission.all());
        wopi().request(path, bobs).get().then().statusCode(404);
        wopi().request(path + "/children", bobs).get().then().statusCode(404);
        wopi().request(path + "/ancestry", bobs).get().then().statusCode(404);
        wopi().request(path, bobs).override("CREATE_CHILD_FILE").header("X-WOPI-SuggestedTarget", "planted.docx")
                .body("planted".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(404);
        wopi().request(path, bobs).override("CREATE_CHILD_CONTAINER").header("X-WOPI-SuggestedTarget", "Sub").post()
                .then().statusCode(404);
        wopi().request(path, bobs).override("RENAME_CONTAINER").header("X-WOPI-RequestedName", "Taken").post().then().statusCode(404);
        wopi().request(path, bobs).override("DELETE_CONTAINER").post().then().statusCode(404);

        String viewOnly = wopi().token(alice, Resource.container(folder), EnumSet.of(Permission.VIEW));
        wopi().request(path, viewOnly).override("CREATE_CHILD_FILE").header("X-WOPI-SuggestedTarget", "new.docx")
                .body("x".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(401);
        wopi().request(path, viewOnly).override("DELETE_CONTAINER").post().then().statusCode(401);

        String forOther = wopi().token(alice, Resource.container(other), Permission.all());
        wopi().request(path, forOther).override("CREATE_CHILD_FILE").header("X-WOPI-SuggestedTarget", "new.docx")
                .body("x".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(404);

        Users.as(alice).get("/api/folders/" + folder).then().statusCode(200)
                .body("files.name", equalTo(List.of("Inside.docx"))).body("folders.size()", equalTo(0));
        Users.as(alice).get("/api/folders/root").then().statusCode(200)
                .body("folders.name", org.hamcrest.Matchers.hasItems("Kept", "Other"));
    }
}
