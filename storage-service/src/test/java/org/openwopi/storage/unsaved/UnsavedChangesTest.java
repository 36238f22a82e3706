package org.openwopi.storage.unsaved;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.storage.sweep.SweepService;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Saves a file refused are kept, not lost: per editing session (the next refusal replaces the last), at most the
 * file's allowance, restorable as the newest version, and their blobs swept exactly when nothing needs them.
 */
@QuarkusTest
@TestProfile(UnsavedChangesTest.SmallAllowance.class)
@WithTestResource(PostgresResource.class)
class UnsavedChangesTest {

    /** Three kept saves per file; the sweep takes anything unreferenced at once, and never on its own meanwhile. */
    public static class SmallAllowance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("storage.unsaved.max-per-file", "3", "storage.sweep.grace", "PT0S", "storage.sweep.interval", "PT1H",
                    "storage.blob.filesystem.root", "target/unsaved-blobs");
        }
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    SweepService sweep;

    @Inject
    UnsavedChanges unsaved;

    private static String file(String content) {
        return given().queryParam("name", "doc-" + UUID.randomUUID() + ".docx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body(content.getBytes(StandardCharsets.UTF_8)).when().post("/files")
                .then().statusCode(201).extract().path("id");
    }

    private static ValidatableResponse write(String id, long fencing, String session, String by, String content, boolean keep) {
        var request = given().header("X-Fencing-Token", fencing).header("X-Session-Id", session).header("X-Modified-By", by);
        if (keep) {
            request = request.header("X-Keep-Refused", "true");
        }
        return request.contentType(ContentType.BINARY).body(content.getBytes(StandardCharsets.UTF_8))
                .when().put("/files/{id}/content", id).then();
    }

    private static ValidatableResponse keep(String id, String session, String by, String reason, String content) {
        return given().header("X-Session-Id", session).header("X-Modified-By", by).header("X-Reason", reason)
                .contentType(ContentType.BINARY).body(content.getBytes(StandardCharsets.UTF_8))
                .when().post("/files/{id}/unsaved", id).then();
    }

    private static String content(String path, Object... args) {
        return given().when().get(path, args).then().statusCode(200).extract().asString();
    }

    private void sweepNow() {
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
    }

    private static long blobs(String fileId) throws IOException {
        Path dir = Path.of("target/unsaved-blobs/objects/files", fileId);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aStaleWriterIsRefusedButItsContentIsKeptOncePerSessionAndRestorable() throws IOException {
        String id = file("first");
        write(id, 5, "alice-session", "alice", "alice's", false).statusCode(200).body("version", equalTo(2));

        String kept = write(id, 3, "bob-session", "bob", "bob's late edit", true).statusCode(409)
                .body("reason", equalTo("fenced")).body("unsavedId", notNullValue()).extract().path("unsavedId");
        // The same session refused again: its newer content replaces what it kept.
        write(id, 3, "bob-session", "bob", "bob's later edit", true).statusCode(409).body("unsavedId", equalTo(kept));
        // Without asking to keep, a refusal keeps nothing.
        write(id, 3, "other-session", "bob", "not kept", false).statusCode(409).body("unsavedId", nullValue());
        given().when().get("/files/{id}", id).then().statusCode(200).body("version", equalTo(2));

        given().when().get("/files/{id}/unsaved", id).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].id", equalTo(kept)).body("[0].userId", equalTo("bob"))
                .body("[0].reason", equalTo("fenced")).body("[0].sessionId", equalTo("bob-session"));
        assertThat(content("/files/{id}/unsaved/{uid}/content", id, kept)).isEqualTo("bob's later edit");
        sweepNow();
        assertThat(blobs(id)).as("two versions and one kept save").isEqualTo(3);

        // Restored under the current lock's token: the newest version, written by bob and alice, and nothing kept.
        given().header("X-Fencing-Token", 5).header("X-Modified-By", "alice").when()
                .post("/files/{id}/unsaved/{uid}/restore", id, kept).then().statusCode(200).body("version", equalTo(3));
        given().when().get("/files/{id}/versions", id).then().statusCode(200)
                .body("[0].editors", equalTo(java.util.List.of("alice", "bob")));
        given().when().get("/files/{id}/unsaved", id).then().statusCode(200).body("size()", equalTo(0));
        sweepNow();
        assertThat(content("/files/{id}/content", id)).isEqualTo("bob's later edit");
        assertThat(blobs(id)).as("the restored blob is version 3's now").isEqualTo(3);
    }

    @Test
    void whatTheCallerRefusedIsKeptAndAFileKeepsOnlyItsAllowance() throws IOException {
        String id = file("first");
        for (int i = 1; i <= 5; i++) {
            keep(id, "session-" + i, "bob", "lock-lost", "edit " + i).statusCode(201)
                    .body("sessionId", equalTo("session-" + i)).body("reason", equalTo("lock-lost"));
        }
        given().when().get("/files/{id}/unsaved", id).then().statusCode(200)
                .body("sessionId", equalTo(java.util.List.of("session-5", "session-4", "session-3")));
        sweepNow();
        assertThat(blobs(id)).as("one version and three kept saves").isEqualTo(4);

        keep(id, "s", "bob", "shouted", "x").statusCode(400);
        keep(id, "s", "", "changed", "x").statusCode(400);
        keep("no-such-file-" + UUID.randomUUID(), "s", "bob", "changed", "x").statusCode(404);
        given().when().get("/files/{id}/unsaved/{uid}/content", id, "nothing-" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void deletingTheFileOrTheRetentionSweepTakesTheirBlobs() throws IOException {
        String gone = file("first");
        keep(gone, "s1", "bob", "changed", "kept").statusCode(201);
        given().when().delete("/files/{id}", gone).then().statusCode(204);
        sweepNow();
        assertThat(blobs(gone)).isZero();

        String old = file("first");
        String uid = keep(old, "s1", "bob", "lock-mismatch", "old edit").statusCode(201).extract().path("id");
        unsaved.expire(Instant.now().plusSeconds(1)).await().atMost(Duration.ofSeconds(10));
        sweepNow();
        given().when().get("/files/{id}/unsaved/{uid}/content", old, uid).then().statusCode(404);
        assertThat(blobs(old)).as("only the version").isEqualTo(1);

        String forgotten = file("first");
        String other = keep(forgotten, "s1", "bob", "fenced", "forget me").statusCode(201).extract().path("id");
        given().when().delete("/files/{id}/unsaved/{uid}", forgotten, other).then().statusCode(204);
        given().when().delete("/files/{id}/unsaved/{uid}", forgotten, other).then().statusCode(404);
        sweepNow();
        assertThat(blobs(forgotten)).isEqualTo(1);
    }
}
