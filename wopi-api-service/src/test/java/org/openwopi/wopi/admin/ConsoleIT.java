package org.openwopi.wopi.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

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
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** The operator console's data: who holds which lock, each service's readiness, each WOPI client's discovery. */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class ConsoleIT {

    private static final String OPERATORS = "wopi-operators";

    @Inject
    AccessTokens tokens;

    @Test
    void anOperatorSeesEveryServiceReadyAndEachClientsDiscoveryWithItsProofKeyFingerprints() {
        JsonPath status = Users.as("olivia", OPERATORS).get("/admin/status").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> dependencies = status.getList("dependencies");
        assertThat(dependencies).extracting(d -> d.get("name"))
                .containsExactly("lock-service", "storage-service", "discovery-service");
        assertThat(dependencies).allSatisfy(d -> assertThat(d.get("ready")).isEqualTo(true));
        List<Map<String, Object>> clients = status.getList("clients");
        assertThat(clients).isNotEmpty().allSatisfy(client -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> discovery = (Map<String, Object>) client.get("discovery");
            assertThat(discovery.get("state")).isEqualTo("FRESH");
            assertThat(discovery.get("fetchedAt")).isNotNull();
            assertThat((String) client.get("currentKey")).matches("[0-9a-f]{16}");
        });
    }

    @Test
    void anOperatorSeesWhoHoldsALockAndBreaksItAndTheTrailSaysWho() {
        String alice = WopiClient.unique("alice");
        String name = WopiClient.unique("Held") + ".docx";
        String id = Users.as(alice).contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", name).post("/api/files").then().statusCode(201).extract().path("id");
        String token = Users.as(alice).post("/api/files/" + id + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        new WopiClient(tokens).request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "held")
                .post().then().statusCode(200);

        List<Map<String, Object>> held = allLocks();
        assertThat(held).filteredOn(lock -> id.equals(lock.get("fileId"))).singleElement().satisfies(lock -> {
            assertThat(lock.get("fileName")).isEqualTo(name);
            assertThat(lock.get("holder")).isEqualTo(alice);
            assertThat(lock.get("expiresAt")).isNotNull();
        });

        // The page's "Break lock" button: the user API's unlock, which operators may use on anyone's lock.
        Users.as("olivia", OPERATORS).delete("/api/files/" + id + "/lock").then().statusCode(204);
        assertThat(allLocks()).noneMatch(lock -> id.equals(lock.get("fileId")));
        List<Map<String, Object>> trail = awaitTrail(id);
        assertThat(trail).anySatisfy(event -> {
            assertThat(event.get("action")).isEqualTo("force-unlock");
            assertThat(event.get("userId")).isEqualTo("olivia");
            assertThat((String) event.get("detail")).contains(alice);
        });
    }

    @Test
    void theConsoleIsForOperatorsOnly() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        for (String path : List.of("/admin/status", "/admin/locks", "/admin/audit")) {
            Users.as(alice).get(path).then().statusCode(403).body(containsString("operators"));
            RestAssured.given().header("Authorization", "Bearer not-a-token").get(path).then().statusCode(401);
        }
        // Nor may anyone else break a lock they do not hold: a stranger learns nothing, a viewer is refused, and the
        // lock stays where it was.
        String viewer = Users.signedIn(WopiClient.unique("viewer"));
        String stranger = Users.signedIn(WopiClient.unique("stranger"));
        String id = Users.as(alice).contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", WopiClient.unique("Theirs") + ".docx").post("/api/files").then().statusCode(201)
                .extract().path("id");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", viewer, "role", "viewer"))
                .post("/api/files/" + id + "/shares").then().statusCode(201);
        String token = Users.as(alice).post("/api/files/" + id + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        new WopiClient(tokens).request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "kept")
                .post().then().statusCode(200);

        Users.as(stranger).delete("/api/files/" + id + "/lock").then().statusCode(404);
        Users.as(viewer).delete("/api/files/" + id + "/lock").then().statusCode(403);
        assertThat(allLocks()).filteredOn(lock -> id.equals(lock.get("fileId"))).singleElement()
                .satisfies(lock -> assertThat(lock.get("holder")).isEqualTo(alice));
    }

    @Test
    void thePageLoadsNothingFromElsewhereAndRunsNoInlineScript() {
        Users.as("olivia", OPERATORS).redirects().follow(false).get("/admin").then().statusCode(303)
                .header("Location", containsString("/admin.html"));
        for (String file : List.of("/admin.html", "/admin.js", "/ui.js")) {
            ExtractableResponse<Response> answer = RestAssured.get(file).then().statusCode(200).extract();
            assertThat(answer.header("Content-Security-Policy")).startsWith("default-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        String html = RestAssured.get("/admin.html").asString();
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+\\s*=");
    }

    @Test
    void badPagingIsRefused() {
        Users.as("olivia", OPERATORS).get("/admin/locks?limit=0").then().statusCode(400);
        Users.as("olivia", OPERATORS).get("/admin/locks?limit=100000").then().statusCode(400);
        Users.as("olivia", OPERATORS).get("/admin/locks?cursor=abc").then().statusCode(400);
    }

    private static List<Map<String, Object>> allLocks() {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String cursor = "0";
        for (int page = 0; page < 100; page++) {
            JsonPath answer = Users.as("olivia", OPERATORS).get("/admin/locks?limit=200&cursor=" + cursor).then().statusCode(200)
                    .extract().jsonPath();
            all.addAll(answer.getList("locks"));
            cursor = answer.getString("nextCursor");
            if ("0".equals(cursor)) {
                break;
            }
        }
        return all;
    }

    /** The file's trail, once the audit queue has been sent (every second). */
    private static List<Map<String, Object>> awaitTrail(String fileId) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            List<Map<String, Object>> events = Users.as("olivia", OPERATORS).get("/admin/audit?fileId=" + fileId).then()
                    .statusCode(200).extract().jsonPath().getList("events");
            if (events.stream().anyMatch(event -> "force-unlock".equals(event.get("action")))
                    || System.currentTimeMillis() > deadline) {
                return events;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return events;
            }
        }
    }
}
