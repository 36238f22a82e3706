package org.openwopi.wopi.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.common.serviceauth.ServiceTokens;
import org.openwopi.testsupport.QuarkusAppServer;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * storage-service killed (SIGKILL) in the middle of a 200 MB PutFile: the client is told it failed, the previous
 * version is still the file's content, nothing half-written became a version, and the temporary blob is swept.
 */
@QuarkusTest
@WithTestResource(value = WopiStackResource.class, initArgs = {
        @ResourceArg(name = "storage.max-file-size", value = "314572800"),
        @ResourceArg(name = "storage.sweep.grace", value = "PT2S"),
        @ResourceArg(name = "storage.sweep.interval", value = "PT1S")})
class StorageCrashIT {

    private static final long SIZE = 200L * 1024 * 1024;

    @Inject
    AccessTokens tokens;

    @Test
    void aCrashDuringA200MbPutFileKeepsThePreviousVersionAndLeavesNothingBehind() throws Exception {
        WopiClient wopi = new WopiClient(tokens);
        byte[] previous = new byte[64 * 1024];
        new Random(7).nextBytes(previous);
        String id = WopiClient.createFile("Crash.docx", "alice", null, previous);
        String token = wopi.token("alice", id);
        wopi.request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "L").post().then().statusCode(200);
        String versionBefore = wopi.request("/wopi/files/" + id, token).get().jsonPath().getString("Version");

        QuarkusAppServer storage = WopiStackResource.stack().storage();
        Path blobs = storage.dir().resolve("blobs");
        AtomicBoolean crashed = new AtomicBoolean();
        StreamingPut.Outcome outcome = StreamingPut.send("/wopi/files/" + id + "/contents", token,
                Map.of("X-WOPI-Override", "PUT", "X-WOPI-Lock", "L", "Content-Type", "application/octet-stream"),
                StreamingPut.generated(SIZE, 48L * 1024 * 1024, () -> {
                    // Mid-upload: some of the new version is in storage-service's temporary blob.
                    crashed.set(tempFiles(blobs) > 0);
                    storage.crash();
                }), Duration.ofSeconds(60));

        assertThat(crashed).as("storage-service was receiving the upload when it was killed").isTrue();
        assertThat(outcome.failed()).as("the client must not be told the save worked: %s", outcome).isTrue();
        assertThat(outcome.status()).isNotEqualTo(500);

        storage.relaunch();
        assertThat(wopi.request("/wopi/files/" + id + "/contents", token).get().asByteArray()).isEqualTo(previous);
        assertThat(wopi.request("/wopi/files/" + id, token).get().jsonPath().getString("Version")).isEqualTo(versionBefore);
        String credential = Arc.container().instance(ServiceTokens.class).get()
                .authorization("storage-service");
        JsonPath metadata = given().header("Authorization", credential)
                .get(storage.url() + "/files/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(metadata.getLong("size")).isEqualTo(previous.length);
        assertThat(metadata.getString("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(previous)));
        List<Object> versions = given().header("Authorization", credential)
                .get(storage.url() + "/files/" + id + "/versions").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(versions).hasSize(1);

        // The sweep (every second here, for uploads older than two) removes the abandoned temporary blob.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (tempFiles(blobs) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(tempFiles(blobs)).as("temporary blobs left in %s", blobs.resolve("tmp")).isZero();
        // The editor can save again once storage-service is back.
        wopi.request("/wopi/files/" + id + "/contents", token).override("PUT").header("X-WOPI-Lock", "L")
                .body("after the crash".getBytes()).post().then().statusCode(200);
    }

    private static long tempFiles(Path blobs) {
        Path tmp = blobs.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
