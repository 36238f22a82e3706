package org.openwopi.wopi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Finding 4: one user's slow uploads once held every connection to storage-service, and everyone's saves hung. Now a
 * user has a few upload slots, the excess is refused at once (429), other users are not affected, and an upload that
 * stops making progress is ended (408) and its slot freed.
 */
@QuarkusTest
@TestProfile(UploadLimitsIT.SmallLimits.class)
@WithTestResource(WopiStackResource.class)
class UploadLimitsIT {

    /** Two slots per user and a 2-second progress window, so the test runs in seconds. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wopi.uploads.per-user", "2", "wopi.uploads.progress-window", "PT2S",
                    "wopi.uploads.min-progress-bytes", "4096");
        }
    }

    private static int port() {
        return WopiStackResource.stack().wopiPort();
    }

    /** An upload whose head and first bytes are sent, and nothing more. */
    private static Socket trickle(String user, String name) throws IOException {
        Socket socket = new Socket("127.0.0.1", port());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/files?folderId=root&name=" + name + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n"
                + "Authorization: Bearer " + Users.token(user) + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[10]);
        out.flush();
        return socket;
    }

    /** What the server sends back until it closes the connection (or 10 s pass). */
    private static String answer(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // Whatever arrived is the answer.
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static int upload(String user, String name) {
        return Users.as(user).contentType("application/octet-stream").body("content".getBytes(StandardCharsets.UTF_8))
                .queryParam("name", name).queryParam("folderId", "root").post("/api/files").statusCode();
    }

    @Test
    void aUsersSlowUploadsNeitherStarveOthersNorLastForever() throws IOException {
        String bob = WopiClient.unique("bob");
        String alice = WopiClient.unique("alice");
        List<Socket> slow = new ArrayList<>();
        try {
            slow.add(trickle(bob, "slow-1.docx"));
            slow.add(trickle(bob, "slow-2.docx"));
            // Both of bob's slots are taken (the uploads wait for their bodies): his third is refused at once...
            var refused = Users.as(bob).contentType("application/octet-stream").body(new byte[] {1})
                    .queryParam("name", "third.docx").queryParam("folderId", "root").post("/api/files");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isNotBlank();
            // ...while alice uploads as usual.
            assertThat(upload(alice, "alice.docx")).isEqualTo(201);

            // A window later, the trickling uploads are ended with a reason and their connections closed.
            for (Socket socket : slow) {
                String answer = answer(socket);
                assertThat(answer).startsWith("HTTP/1.1 408");
                assertThat(answer).contains("progress");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        // Their slots are free again, and nothing of the slow uploads was saved.
        assertThat(upload(bob, "after.docx")).isEqualTo(201);
        Users.as(bob).get("/api/folders/root").then().statusCode(200)
                .body("files.name", org.hamcrest.Matchers.equalTo(List.of("after.docx")));
    }
}
