package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A transaction that holds a file's row and never ends (a crashed or wedged writer) cannot block that file's saves
 * for good: a commit waits at most lock_timeout (2 s in tests), then 503, and the file takes the next save once the
 * row is free.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RowLockTimeoutTest {

    @Inject
    DataSource jdbc;

    @Test
    void aSaveBlockedByAStuckTransactionAnswers503InsteadOfWaitingForever() throws Exception {
        String id = given().contentType("application/octet-stream").body("v1".getBytes(StandardCharsets.UTF_8))
                .queryParam("name", "Busy.docx").queryParam("ownerId", "alice")
                .post("/files").then().statusCode(201).extract().path("id");
        try (Connection stuck = jdbc.getConnection()) {
            stuck.setAutoCommit(false);
            try (PreparedStatement hold = stuck.prepareStatement("SELECT id FROM files WHERE id = ? FOR UPDATE")) {
                hold.setString(1, id);
                hold.executeQuery().close();
            }
            long started = System.nanoTime();
            given().contentType("application/octet-stream").body("v2".getBytes(StandardCharsets.UTF_8))
                    .put("/files/" + id + "/content").then().statusCode(503)
                    .body("detail", containsString("busy with another write"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            stuck.rollback();
        }
        given().contentType("application/octet-stream").body("v3".getBytes(StandardCharsets.UTF_8))
                .put("/files/" + id + "/content").then().statusCode(200);
        assertThat(given().get("/files/" + id + "/content").asString()).isEqualTo("v3");
    }
}
