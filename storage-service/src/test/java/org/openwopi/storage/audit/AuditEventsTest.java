package org.openwopi.storage.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class AuditEventsTest {

    @Inject
    AuditEvents events;

    @Inject
    Pool pool;

    private static Map<String, Object> event(String at, String user, String action, String fileId) {
        return Map.of("at", at, "userId", user, "action", action, "itemType", "file", "itemId", fileId, "fileId", fileId,
                "client", "office", "correlationId", "corr-" + action);
    }

    @Test
    void eventsAreReadNewestFirstByFileUserAndTimeAPageAtATime() {
        String file = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String bob = "bob-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(List.of(event("2026-12-01T10:00:00Z", "alice", "open", file),
                        event("2026-12-01T10:01:00Z", bob, "save", file), event("2026-12-01T10:02:00Z", "alice", "unlock", file),
                        event("2026-12-01T10:03:00Z", bob, "download", other)))
                .when().post("/audit").then().statusCode(200).body("appended", equalTo(4));

        JsonPath first = given().queryParam("fileId", file).queryParam("limit", 2).when().get("/audit").then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getList("events.action", String.class)).containsExactly("unlock", "save");
        JsonPath second = given().queryParam("fileId", file).queryParam("before", first.getString("next"))
                .when().get("/audit").then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("events.action", String.class)).containsExactly("open");
        assertThat(second.getString("next")).isNull();
        assertThat(given().queryParam("userId", bob).when().get("/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.action", String.class)).containsExactly("download", "save");
        assertThat(given().queryParam("fileId", file).queryParam("from", "2026-12-01T10:01:00Z")
                .queryParam("to", "2026-12-01T10:02:00Z").when().get("/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.correlationId", String.class)).containsExactly("corr-save");
    }

    @Test
    void malformedEventsAndFiltersAreRefusedWithTheReason() {
        given().contentType(ContentType.JSON).body(List.of(Map.of("at", "2026-12-01T10:00:00Z", "userId", "alice",
                "action", "open", "itemType", "printer", "itemId", "x"))).when().post("/audit").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("itemType"));
        given().contentType(ContentType.JSON).body(List.of(Map.of("userId", "alice", "action", "open", "itemType", "file",
                "itemId", "x"))).when().post("/audit").then().statusCode(400);
        given().queryParam("from", "yesterday").when().get("/audit").then().statusCode(400);
        given().queryParam("before", "x").when().get("/audit").then().statusCode(400);
        given().queryParam("limit", 501).when().get("/audit").then().statusCode(400);
    }

    @Test
    void anEventCannotBeChangedAndOnlyRetentionRemovesIt() {
        String file = UUID.randomUUID().toString();
        String old = Instant.now().minus(Duration.ofDays(400)).toString();
        given().contentType(ContentType.JSON).body(List.of(event(old, "mallory", "delete", file),
                event(Instant.now().toString(), "alice", "open", file))).when().post("/audit").then().statusCode(200);

        assertThatThrownBy(() -> pool.query("UPDATE audit_events SET user_id = 'someone' WHERE file_id = '" + file + "'")
                .execute().await().indefinitely()).hasMessageContaining("append-only");
        int removed = events.expire(Instant.now().minus(Duration.ofDays(365))).await().indefinitely();

        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(given().queryParam("fileId", file).when().get("/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.userId", String.class)).containsExactly("alice");
    }
}
