package org.openwopi.wopi.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;
import org.openwopi.wopi.token.AccessTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The user API with OIDC bearer tokens (signed here with the key the test profile trusts in place of an identity
 * provider), over the real services.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class UserApiTest {

    @Inject
    AccessTokens tokens;

    String folder;

    static String userToken(String username) throws Exception {
        return Jwt.issuer("https://idp.example.com/realms/openwopi").subject("sub-" + username)
                .claim("preferred_username", username).claim("name", username + " Example")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .jws().algorithm(SignatureAlgorithm.RS256)
                .sign(KeyUtils.decodePrivateKey(Files.readString(Path.of("src/test/resources/keys/oidc-private.pem")),
                        SignatureAlgorithm.RS256));
    }

    static RequestSpecification as(String username) throws Exception {
        return given().header("Authorization", "Bearer " + userToken(username));
    }

    @BeforeEach
    void folder() throws Exception {
        folder = as("alice").contentType("application/json").body(Map.of("name", WopiClient.unique("docs")))
                .post("/api/folders").then().statusCode(201).extract().path("id");
    }

    String upload(String user, String name, byte[] content) throws Exception {
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
    void meIsTheSignedInUser() throws Exception {
        as("alice").get("/api/me").then().statusCode(200)
                .body("userId", equalTo("alice")).body("displayName", equalTo("alice Example"));
    }

    @Test
    void uploadListDownloadAndDeleteRoundTrip() throws Exception {
        byte[] content = new byte[1_500_000];
        new Random(7).nextBytes(content);

        String id = upload("alice", "Plan.docx", content);

        as("alice").get("/api/folders/" + folder).then().statusCode(200).body("files.name", hasItem("Plan.docx"));
        byte[] downloaded = as("alice").get("/api/files/" + id + "/content").then().statusCode(200)
                .header("Content-Length", Integer.toString(content.length)).extract().asByteArray();
        assertThat(downloaded).isEqualTo(content);
        as("alice").delete("/api/files/" + id).then().statusCode(204);
        as("alice").get("/api/files/" + id).then().statusCode(404);
    }

    @Test
    void anotherUsersFileIsUnknown() throws Exception {
        String id = upload("alice", "Private.docx", new byte[] {1});

        as("bob").get("/api/files/" + id).then().statusCode(404);
        as("bob").get("/api/files/" + id + "/content").then().statusCode(404);
        as("bob").delete("/api/files/" + id).then().statusCode(404);
        as("bob").post("/api/files/" + id + "/launch").then().statusCode(404);
        as("bob").get("/api/folders/" + folder).then().statusCode(404);
        as("bob").get("/api/folders/root").then().statusCode(200).body("files.id", not(hasItem(id)));
    }

    @Test
    void launchAnswersATokenThatOpensTheFileInWopi() throws Exception {
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
    void launchForAnExtensionTheClientDoesNotOpenAnswers404() throws Exception {
        String id = upload("alice", "Archive.zip", new byte[] {1});

        as("alice").post("/api/files/" + id + "/launch?action=edit").then().statusCode(404);
    }

    @Test
    void writesAreRefusedWith423WhileOfficeHoldsTheLock() throws Exception {
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
