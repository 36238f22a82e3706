package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.common.ApiException;
import org.openwopi.storage.blob.StoredBlob;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** What an upload leaves in the metadata besides the version: the blob intent rows the sweep works from. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class UploadCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    ContentCommits commits;

    private static String createFile(String content) {
        return given().queryParam("name", "commit-" + UUID.randomUUID() + ".docx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body(content.getBytes()).when().post("/files").then().statusCode(201).extract().path("id");
    }

    private String currentBlob(String id) {
        return pool.preparedQuery("SELECT blob_key FROM files WHERE id = $1").execute(Tuple.of(id)).await().atMost(WAIT)
                .iterator().next().getString(0);
    }

    private boolean hasIntent(String blobKey) {
        return pool.preparedQuery("SELECT 1 FROM blob_intents WHERE blob_key = $1").execute(Tuple.of(blobKey)).await().atMost(WAIT)
                .size() > 0;
    }

    private long intentsOf(String id) {
        return pool.preparedQuery("SELECT count(*) FROM blob_intents WHERE blob_key LIKE $1").execute(Tuple.of("files/" + id + "/%"))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void aCommittedUploadLeavesNoIntentAndAReplacedAutosaveHandsItsBlobToTheSweep() {
        String id = createFile("v1");
        Map<String, String> autosave = Map.of("X-Session-Id", "lock-A", "X-Autosave", "true");
        given().headers(autosave).contentType(ContentType.BINARY).body("typing 1".getBytes()).when().put("/files/{id}/content", id)
                .then().statusCode(200);
        String replaced = currentBlob(id);
        assertThat(intentsOf(id)).isZero();

        given().headers(autosave).contentType(ContentType.BINARY).body("typing 2".getBytes()).when().put("/files/{id}/content", id)
                .then().statusCode(200);

        assertThat(hasIntent(replaced)).as("the replaced autosave's blob is due for the sweep").isTrue();
        assertThat(hasIntent(currentBlob(id))).isFalse();
        assertThat(intentsOf(id)).isOne();
    }

    @Test
    void writesRefusedBeforeTheirBodyRecordNoIntent() {
        String id = createFile("v1");
        String name = given().when().get("/files/{id}", id).then().statusCode(200).extract().path("name");

        given().header("If-Match", "\"7\"").contentType(ContentType.BINARY).body("late".getBytes()).when()
                .put("/files/{id}/content", id).then().statusCode(412);
        given().header("X-Fencing-Token", "5").contentType(ContentType.BINARY).body("fenced".getBytes()).when()
                .put("/files/{id}/content", id).then().statusCode(200);
        given().header("X-Fencing-Token", "4").contentType(ContentType.BINARY).body("stale".getBytes()).when()
                .put("/files/{id}/content", id).then().statusCode(409);
        long before = pool.query("SELECT count(*) FROM blob_intents").execute().await().atMost(WAIT).iterator().next().getLong(0);
        given().queryParam("name", name.toUpperCase()).queryParam("ownerId", "alice").contentType(ContentType.BINARY)
                .body("same name".getBytes()).when().post("/files").then().statusCode(409);

        assertThat(intentsOf(id)).isZero();
        assertThat(pool.query("SELECT count(*) FROM blob_intents").execute().await().atMost(WAIT).iterator().next().getLong(0))
                .isEqualTo(before);
        given().when().get("/files/{id}/content", id).then().statusCode(200).header("ETag", "\"2\"");
    }

    @Test
    void aCommitWhoseUploadWasSweptIsRefusedAndTheFileKeepsItsVersion() {
        String id = createFile("v1");
        String key = FileService.newBlobKey(id);
        Preconditions none = new Preconditions(OptionalLong.empty(), OptionalLong.empty());
        commits.prepareWrite(id, none, key).await().atMost(WAIT);
        assertThat(hasIntent(key)).isTrue();
        // The sweep judged the upload abandoned: its intent row is gone (and the blob with it).
        pool.preparedQuery("DELETE FROM blob_intents WHERE blob_key = $1").execute(Tuple.of(key)).await().atMost(WAIT);

        assertThatThrownBy(() -> commits.commitContent(id, new StoredBlob(key, 3, "ab".repeat(32)), none,
                new FileService.WriteContext("alice", "", false)).await().atMost(WAIT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().status()).isEqualTo(503))
                .hasMessageContaining("swept");

        given().when().get("/files/{id}", id).then().statusCode(200).body("version", equalTo(1));
        given().when().get("/files/{id}/versions", id).then().statusCode(200)
                .body("version", equalTo(List.of(1)));
    }
}
