package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.storage.sweep.SweepService;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A client that dies mid-upload loses nothing, and the sweep leaves nothing of its upload behind. */
@QuarkusTest
@TestProfile(InterruptedUploadTest.NoGrace.class)
@WithTestResource(PostgresResource.class)
class InterruptedUploadTest {

    /** Sweep anything unreferenced at once, and never on its own schedule during the test. */
    public static class NoGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("storage.sweep.grace", "PT0S", "storage.sweep.interval", "PT1H",
                    "storage.blob.filesystem.root", "target/interrupted-blobs");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    SweepService sweep;

    @Test
    void cutOffUploadKeepsThePreviousVersionAndTheSweepRemovesWhatItLeft() throws Exception {
        String id = given().queryParam("name", "doc-" + UUID.randomUUID() + ".docx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body("the good version".getBytes()).when().post("/files")
                .then().statusCode(201).extract().path("id");

        // Announce 10 MB, send 3 MB, then drop the connection.
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /files/" + id + "/content HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 10485760\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 48; i++) {
                out.write(chunk);
            }
            out.flush();
        }

        // The server notices the reset on its own time; the version must never change meanwhile or after.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            given().when().get("/files/{id}", id).then().statusCode(200).body("version", equalTo(1));
            sweep.sweep().await().atMost(java.time.Duration.ofSeconds(10));
            if (tempFiles() == 0 && objectCount(id) == 1) {
                break;
            }
            Thread.sleep(100);
        }

        assertThat(given().when().get("/files/{id}/content", id).then().statusCode(200).extract().asString()).isEqualTo("the good version");
        assertThat(tempFiles()).as("temp files left").isZero();
        assertThat(objectCount(id)).as("blobs of the file: only version 1").isEqualTo(1);
    }

    private static long tempFiles() throws IOException {
        Path tmp = Path.of("target/interrupted-blobs/tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }

    private static long objectCount(String fileId) throws IOException {
        Path dir = Path.of("target/interrupted-blobs/objects/files", fileId);
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
