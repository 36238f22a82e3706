package org.openwopi.wopi.userapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.TestAccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The user API with OIDC bearer tokens (signed here with the key the test profile trusts in place of an identity
 * provider), over the real services.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class UserApiIT {

    /** Minted in the test's JVM, not asked of a bean: {@code PackagedUserApiIT} runs this class against the packaged service. */
    final AccessTokens tokens = TestAccessTokens.shared();

    String folder;

    static RequestSpecification as(String username, String... groups) {
        return Users.as(username, groups);
    }

    @BeforeEach
    void folder() {
        folder = as("alice").contentType("application/json").body(Map.of("name", WopiClient.unique("docs")))
                .post("/api/folders").then().statusCode(201).extract().path("id");
    }

    String upload(String user, String name, byte[] content) {
        return as(user).contentType("application/octet-stream").body(content)
                .queryParam("name", name).queryParam("folderId", folder)
                .post("/api/files").then().statusCode(201).extract().path("id");
    }

    @Test
    void withoutATokenEverythingAnswers401() {
        given().get("/api/me").then().statusCode(401);
        given().contentType("application/octet-stream").body(new byte[1]).queryParam("name", "x.docx")
                .post("/api/files").then().statusCode(401);
        given().header("Authorization", "Bearer forged").get("/api/folders/root").then().statusCode(401);
    }

    @Test
    void meIsTheSignedInUser() {
        as("alice").get("/api/me").then().statusCode(200)
                .body("userId", equalTo("alice")).body("displayName", equalTo("alice Example"));
    }

    @Test
    void uploadListDownloadAndDeleteRoundTrip() {
        byte[] content = new byte[1_500_000];
        new Random(7).nextBytes(content);

        String id = upload("alice", "Plan.docx", content);

        as("alice").get("/api/folders/" + folder).then().statusCode(200).body("files.name", hasItem("Plan.docx"));
        byte[] downloaded = as("alice").get("/api/files/" + id + "/content").then().statusCode(200)
                .header("Content-Length", Integer.toString(content.length))
                // Office's Download button opens this URL: it saves under the file's name.
                .header("Content-Disposition", "attachment; filename*=UTF-8''Plan.docx").extract().asByteArray();
        assertThat(downloaded).isEqualTo(content);
        as("alice").delete("/api/files/" + id).then().statusCode(204);
        as("alice").get("/api/files/" + id).then().statusCode(404);
    }

    @Test
    void anotherUsersFileIsUnknown() {
        String id = upload("alice", "Private.docx", new byte[] {1});

        as("bob").get("/api/files/" + id).then().statusCode(404);
        as("bob").get("/api/files/" + id + "/content").then().statusCode(404);
        as("bob").delete("/api/files/" + id).then().statusCode(404);
        as("bob").post("/api/files/" + id + "/launch").then().statusCode(404);
        as("bob").get("/api/folders/" + folder).then().statusCode(404);
        as("bob").get("/api/folders/root").then().statusCode(200).body("files.id", not(hasItem(id)));
    }

    @Test
    void launchAnswersATokenThatOpensTheFileInWopi() {
        String id = upload("alice", "Launch.docx", new byte[] {1, 2, 3});

        Response launch = as("alice").header("Accept-Language", "fr-FR,fr;q=0.9").post("/api/files/" + id + "/launch?action=edit");

        launch.then().statusCode(200).body("wopiSrc", equalTo(WopiStackResource.stack().publicBaseUrl() + "/wopi/files/" + id));
        String actionUrl = launch.path("actionUrl");
        assertThat(actionUrl).contains("ui=fr-FR").contains("wopisrc=" + java.net.URLEncoder.encode(
                WopiStackResource.stack().publicBaseUrl() + "/wopi/files/" + id, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(launch.<Long>path("accessTokenTtl")).isGreaterThan(System.currentTimeMillis());
        new WopiClient(tokens).request("/wopi/files/" + id, launch.path("accessToken")).get().then().statusCode(200)
                .body("UserId", equalTo("alice")).body("UserFriendlyName", equalTo("alice Example"))
                .body("UserCanWrite", equalTo(true));
    }

    @Test
    void launchForAnExtensionTheClientDoesNotOpenAnswers404() {
        String id = upload("alice", "Archive.zip", new byte[] {1});

        as("alice").post("/api/files/" + id + "/launch?action=edit").then().statusCode(404);
    }

    @Test
    void theLockHolderOrAnOperatorMayBreakALockOthersMayNot() {
        String id = upload("alice", "Stuck.docx", new byte[] {1});
        WopiClient wopi = new WopiClient(tokens);
        // Office holds the lock for bob (a colleague alice shared a link with).
        wopi.request("/wopi/files/" + id, wopi.token("bob", id)).override("LOCK").header("X-WOPI-Lock", "bobs")
                .post().then().statusCode(200);

        as("alice").delete("/api/files/" + id + "/lock").then().statusCode(403);
        as("carol").delete("/api/files/" + id + "/lock").then().statusCode(404);
        as("olga", "wopi-operators").delete("/api/files/" + id + "/lock").then().statusCode(204);
        as("alice").get("/api/files/" + id).then().statusCode(200).body("lockedBy", equalTo(null));

        wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("LOCK").header("X-WOPI-Lock", "alices")
                .post().then().statusCode(200);
        as("alice").delete("/api/files/" + id + "/lock").then().statusCode(204);
        as("alice").delete("/api/files/" + id + "/lock").then().statusCode(204);
    }

    @Test
    void versionsAreListedAndAnOldOneRestored() {
        String id = upload("alice", "History.docx", "one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        as("alice").contentType("application/octet-stream").body("two".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put("/api/files/" + id + "/content").then().statusCode(200);

        as("alice").get("/api/files/" + id + "/versions").then().statusCode(200).body("version", equalTo(java.util.List.of(2, 1)));
        as("alice").post("/api/files/" + id + "/versions/1/restore").then().statusCode(200).body("version", equalTo(3));

        assertThat(as("alice").get("/api/files/" + id + "/content").asString()).isEqualTo("one");
        as("bob").get("/api/files/" + id + "/versions").then().statusCode(404);
    }

    @Test
    void writesAreRefusedWith423WhileOfficeHoldsTheLock() {
        String id = upload("alice", "Busy.docx", new byte[] {1});
        WopiClient wopi = new WopiClient(tokens);
        wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("LOCK").header("X-WOPI-Lock", "office-lock")
                .post().then().statusCode(200);

        as("alice").contentType("application/octet-stream").body(new byte[] {2}).put("/api/files/" + id + "/content")
                .then().statusCode(423).body("lockedBy.userId", equalTo("alice")).body("code", equalTo("LOCKED"));
        as("alice").delete("/api/files/" + id).then().statusCode(423);
        as("alice").contentType("application/json").body(Map.of("name", "Other.docx")).patch("/api/files/" + id)
                .then().statusCode(423);
        as("alice").get("/api/files/" + id).then().statusCode(200).body("lockedBy.userId", equalTo("alice"));

        wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("UNLOCK").header("X-WOPI-Lock", "office-lock")
                .post().then().statusCode(200);
        as("alice").contentType("application/octet-stream").body(new byte[] {2}).put("/api/files/" + id + "/content")
                .then().statusCode(200).body("version", equalTo(2));
        // The API's own short lock is gone: Office can lock again.
        wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("LOCK").header("X-WOPI-Lock", "again")
                .post().then().statusCode(200);
    }
}
