package org.openwopi.wopi.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** Who did what to a document, through the user API and Office, as the audit trail tells it and to whom it tells it. */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class AuditIT {

    @Inject
    AccessTokens tokens;

    @Inject
    AuditTrail trail;


    /** The file's events once the trail has sent what waits (it sends every second; here at once). */
    private JsonPath activity(String user, String fileId) {
        trail.flush().await().atMost(java.time.Duration.ofSeconds(10));
        return Users.as(user).get("/api/files/" + fileId + "/activity?limit=100").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyOpenSessionSaveLockRenameDownloadRestoreAndShareIsRecordedWithWhoAndWhichClient() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String bob = Users.signedIn(WopiClient.unique("bob"));
        String id = Users.as(alice).contentType("application/octet-stream").body("v1".getBytes(StandardCharsets.UTF_8))
                .queryParam("name", WopiClient.unique("Audited") + ".docx").post("/api/files").then().statusCode(201)
                .extract().path("id");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", bob, "role", "viewer"))
                .post("/api/files/" + id + "/shares").then().statusCode(201);
        String token = Users.as(alice).post("/api/files/" + id + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        WopiClient wopi = new WopiClient(tokens);
        wopi.request("/wopi/files/" + id + "/contents", token).get().then().statusCode(200);
        wopi.request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "audit-lock").post().then().statusCode(200);
        wopi.request("/wopi/files/" + id + "/contents", token).override("PUT").header("X-WOPI-Lock", "audit-lock")
                .header("X-WOPI-CorrelationID", "corr-save-1").body("v2".getBytes(StandardCharsets.UTF_8)).post()
                .then().statusCode(200);
        wopi.request("/wopi/files/" + id, token).override("UNLOCK").header("X-WOPI-Lock", "audit-lock").post().then().statusCode(200);
        Users.as(alice).contentType("application/json").body(Map.of("name", "Renamed.docx")).patch("/api/files/" + id)
                .then().statusCode(200);
        Users.as(alice).get("/api/files/" + id + "/content").then().statusCode(200);
        Users.as(alice).post("/api/files/" + id + "/versions/1/restore").then().statusCode(200);

        JsonPath events = activity(alice, id);

        assertThat(events.getList("events.action", String.class)).containsExactly("restore", "download", "rename",
                "unlock", "save", "lock", "session", "open", "share", "upload");
        assertThat(events.getList("events.userId", String.class)).containsOnly(alice);
        assertThat(events.getString("events.find { it.action == 'save' }.correlationId")).isEqualTo("corr-save-1");
        assertThat(events.getString("events.find { it.action == 'save' }.detail")).isEqualTo("version 2");
        assertThat(events.getString("events.find { it.action == 'save' }.client")).isNotBlank();
        assertThat(events.getString("events.find { it.action == 'open' }.detail")).isEqualTo("edit");
        assertThat(events.getString("events.find { it.action == 'share' }.detail")).contains("user " + bob + " as viewer");
        assertThat(events.getString("events.find { it.action == 'download' }.client")).isNull();
        // What the trail keeps never holds an access token.
        assertThat(events.prettify()).doesNotContain(token);
    }

    @Test
    void aFilesActivityIsForThoseWhoMaySeeItAndTheWholeTrailForOperators() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String viewer = Users.signedIn(WopiClient.unique("viewer"));
        String stranger = Users.signedIn(WopiClient.unique("stranger"));
        String id = Users.as(alice).contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", WopiClient.unique("Private") + ".docx").post("/api/files").then().statusCode(201)
                .extract().path("id");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", viewer, "role", "viewer"))
                .post("/api/files/" + id + "/shares").then().statusCode(201);

        assertThat(activity(viewer, id).getList("events.action", String.class)).containsExactly("share", "upload");
        Users.as(stranger).get("/api/files/" + id + "/activity").then().statusCode(404);
        Users.as(alice).get("/admin/audit?userId=" + alice).then().statusCode(403);
        RestAssured.given().get("/admin/audit").then().statusCode(401);
        List<String> byOperator = Users.as("root-" + WopiClient.unique("op"), "wopi-operators")
                .get("/admin/audit?userId=" + alice + "&fileId=" + id).then().statusCode(200).extract().jsonPath()
                .getList("events.action", String.class);
        assertThat(byOperator).containsExactly("share", "upload");
        Users.as("op", "wopi-operators").get("/admin/audit?from=yesterday").then().statusCode(400);
        Users.as("op", "wopi-operators").get("/admin/audit?to=2000-01-01T00:00:00Z").then().statusCode(200)
                .body("events", org.hamcrest.Matchers.empty());
        Users.as(alice).get("/api/files/" + id + "/activity?limit=0").then().statusCode(400);
    }
}
