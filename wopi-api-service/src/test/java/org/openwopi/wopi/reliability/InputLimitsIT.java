package org.openwopi.wopi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Findings 5 and 9: bounded bodies are bounded as they stream, and odd names and ids get clear 4xx answers. */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class InputLimitsIT {

    @Inject
    AccessTokens tokens;

    /** A chunked PutUserInfo of up to 64 MiB: refused once it passes the limit, and the rest is never read. */
    @Test
    void anOversizedChunkedUserInfoIsRefusedWithoutReadingIt() throws IOException {
        String alice = WopiClient.unique("alice");
        String file = WopiClient.createFile("Info.docx", alice, null, new byte[] {1});
        WopiClient wopi = new WopiClient(tokens);
        String head = WopiClient.rawHead("POST", "/wopi/files/" + file, wopi.token(alice, file),
                Map.of("X-WOPI-Override", "PUT_USER_INFO", "Transfer-Encoding", "chunked"));
        long sent = 0;
        long limit = 64L * 1024 * 1024;
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", WopiStackResource.stack().wopiPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (sent < limit) {
                    out.write(chunkHead);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
            } catch (IOException closed) {
                // The server hung up mid-body: what this test expects.
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // A reset after the answer arrived changes nothing.
            }
        }
        assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 400").contains("1024");
        assertThat(sent).isLessThan(limit);
        wopi.request("/wopi/files/" + file, wopi.token(alice, file)).get().then().statusCode(200).body("UserInfo", equalTo(""));
    }

    @Test
    void namesWithLongExtensionsAreStoredNotAnswered500() {
        String alice = WopiClient.unique("alice");
        String name = "notes." + "x".repeat(100);
        String id = Users.as(alice).contentType("application/octet-stream").body(new byte[] {1}).queryParam("name", name)
                .queryParam("folderId", "root").post("/api/files").then().statusCode(201).body("name", equalTo(name))
                .extract().path("id");
        Users.as(alice).contentType("application/json").body(Map.of("name", "renamed." + "y".repeat(150)))
                .patch("/api/files/" + id).then().statusCode(200);
        WopiClient wopi = new WopiClient(tokens);
        wopi.request("/wopi/files/" + id, wopi.token(alice, id)).override("PUT_RELATIVE")
                .header("X-WOPI-SuggestedTarget", "." + "z".repeat(120)).body(new byte[] {2}).post().then().statusCode(200);
    }

    @Test
    void idsThatCannotBeIdsAreUnknownOnTheUserApi() {
        String alice = WopiClient.unique("alice");
        for (String path : new String[] {"/api/files/x%00", "/api/files/x%00/versions", "/api/folders/x%00",
                "/api/files/" + "a".repeat(300), "/api/files/x%00/content"}) {
            Users.as(alice).urlEncodingEnabled(false).get(path).then().statusCode(404);
        }
        Users.as(alice).urlEncodingEnabled(false).contentType("application/octet-stream").body(new byte[] {1})
                .post("/api/files?name=a.docx&folderId=..%2F..").then().statusCode(404);
    }

    /** The user API's JSON bodies are bounded too: declared and small, or refused before they are read. */
    @Test
    void oversizedOrUndeclaredJsonBodiesAreRefusedUnread() {
        String alice = WopiClient.unique("alice");
        // Declared too big: refused on the declaration, before a byte of the body is sent (a client that sends the body
        // anyway may find the connection closed under it, which is the point).
        try (Socket socket = new Socket("127.0.0.1", WopiStackResource.stack().wopiPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/folders HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Users.token(alice) + "\r\nContent-Type: application/json\r\nContent-Length: 200012\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            int read = socket.getInputStream().readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Socket socket = new Socket("127.0.0.1", WopiStackResource.stack().wopiPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/folders HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Users.token(alice) + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "10\r\n{\"name\":\"chunk\"}\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            int read = socket.getInputStream().readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 411");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Users.as(alice).contentType("application/json").body(Map.of("name", "small")).post("/api/folders").then().statusCode(201);
    }
}
