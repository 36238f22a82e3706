package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class FileResourceTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @TestHTTPResource("/files/")
    URL filesUrl;

    static String uniqueName(String ext) {
        return "doc-" + UUID.randomUUID() + "." + ext;
    }

    static ValidatableResponse create(String name, String content) {
        return given().queryParam("name", name).queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body(content.getBytes())
                .when().post("/files").then();
    }

    static String createFile(String content) {
        return create(uniqueName("docx"), content).statusCode(201).extract().path("id");
    }

    static ValidatableResponse put(String id, String content, Map<String, String> headers) {
        return given().headers(headers).contentType(ContentType.BINARY).body(content.getBytes())
                .when().put("/files/{id}/content", id).then();
    }

    static String content(String id) {
        return given().when().get("/files/{id}/content", id).then().statusCode(200).extract().asString();
    }

    @Nested
    class Create {

        @Test
        void streamedBodyBecomesVersionOneWithSizeHashAndLocation() {
            String name = uniqueName("DOCX");

            create(name, "hello").statusCode(201)
                    .header("Location", containsString("/files/"))
                    .header("ETag", "\"1\"")
                    .body("name", equalTo(name))
                    .body("extension", equalTo("docx"))
                    .body("size", equalTo(5))
                    .body("version", equalTo(1))
                    .body("sha256", equalTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
                    .body("ownerId", equalTo("alice"));
        }

        @Test
        void clientWaitingFor100ContinueIsToldToSendTheBody() throws Exception {
            try (Socket socket = new Socket(filesUrl.getHost(), filesUrl.getPort())) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /files?ownerId=alice&name=" + uniqueName("docx") + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));

                assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
                in.readLine();
                out.write("hello".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 201 Created");
            }
        }

        @Test
        void declaredLengthOverTheLimitIsRefusedBeforeTheBody() throws Exception {
            try (Socket socket = new Socket(filesUrl.getHost(), filesUrl.getPort())) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /files?ownerId=alice&name=" + uniqueName("docx") + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: 99999999999\r\nExpect: 100-continue\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));

                assertThat(in.readLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            }
        }

        @Test
        void emptyFileIsAllowed() {
            create(uniqueName("xlsx"), "").statusCode(201).body("size", equalTo(0));
        }

        @Test
        void sameNameInTheSameFolderIs409IgnoringCase() {
            String name = uniqueName("pptx");
            create(name, "a").statusCode(201);

            create(name.toUpperCase(), "b").statusCode(409).body("reason", equalTo("name-taken"));
        }

        @Test
        void forbiddenCharactersAndOverlongNamesAre400() {
            create("a/b.docx", "x").statusCode(400).body("detail", containsString("forbidden character"));
            create("bad:name.docx", "x").statusCode(400);
            create("trailing.", "x").statusCode(400);
            create("x".repeat(256), "x").statusCode(400).body("detail", containsString("longer than 255"));
            given().queryParam("name", "ok.docx").contentType(ContentType.BINARY).body(new byte[0])
                    .when().post("/files").then().statusCode(400).body("detail", containsString("ownerId"));
        }

        @Test
        void unknownFolderIs404() {
            given().queryParam("name", uniqueName("docx")).queryParam("ownerId", "alice").queryParam("containerId", "nope")
                    .contentType(ContentType.BINARY).body(new byte[1])
                    .when().post("/files").then().statusCode(404);
        }
    }

    @Nested
    class Read {

        @Test
        void metadataAndContentWithEtagAndLength() {
            String id = createFile("0123456789");

            given().when().get("/files/{id}", id).then().statusCode(200).body("id", equalTo(id)).body("size", equalTo(10));
            given().when().get("/files/{id}/content", id).then().statusCode(200)
                    .header("Content-Length", "10")
                    .header("ETag", "\"1\"")
                    .header("X-Version", "1")
                    .header("Accept-Ranges", "bytes")
                    .body(equalTo("0123456789"));
        }

        @Test
        void contextGivesTheFileItsFolderNameAndTheUsersInfoInOneAnswer() {
            String folder = given().contentType(ContentType.JSON).body(Map.of("name", "Reports " + UUID.randomUUID(), "ownerId", "alice"))
                    .when().post("/containers").then().statusCode(201).extract().path("id");
            String id = given().queryParam("name", uniqueName("docx")).queryParam("ownerId", "alice").queryParam("containerId", folder)
                    .contentType(ContentType.BINARY).body("abc".getBytes()).when().post("/files").then().statusCode(201)
                    .extract().path("id");
            String user = "ctx-" + UUID.randomUUID();
            given().contentType(ContentType.JSON).body(Map.of("info", "{\"theme\":\"dark\"}")).when().put("/users/{u}/info", user)
                    .then().statusCode(204);

            given().queryParam("userId", user).when().get("/files/{id}/context", id).then().statusCode(200)
                    .body("file.id", equalTo(id)).body("file.size", equalTo(3)).body("file.version", equalTo(1))
                    .body("file.containerId", equalTo(folder)).body("file.updatedAt", org.hamcrest.Matchers.notNullValue())
                    .body("containerName", org.hamcrest.Matchers.startsWith("Reports "))
                    .body("userInfo", equalTo("{\"theme\":\"dark\"}"));
            String topLevel = createFile("x");
            given().queryParam("userId", "someone-without-info").when().get("/files/{id}/context", topLevel).then().statusCode(200)
                    .body("file.id", equalTo(topLevel)).body("containerName", org.hamcrest.Matchers.nullValue())
                    .body("userInfo", org.hamcrest.Matchers.nullValue());
            given().queryParam("userId", user).when().get("/files/nope/context").then().statusCode(404)
                    .contentType("application/problem+json");
        }

        @Test
        void rangeGives206WithContentRange() {
            String id = createFile("0123456789");

            given().header("Range", "bytes=2-5").when().get("/files/{id}/content", id).then().statusCode(206)
                    .header("Content-Range", "bytes 2-5/10").header("Content-Length", "4").body(equalTo("2345"));
            given().header("Range", "bytes=-3").when().get("/files/{id}/content", id).then().statusCode(206).body(equalTo("789"));
            given().header("Range", "bytes=7-").when().get("/files/{id}/content", id).then().statusCode(206).body(equalTo("789"));
        }

        @Test
        void rangeOutsideTheContentIs416() {
            String id = createFile("0123456789");

            given().header("Range", "bytes=10-20").when().get("/files/{id}/content", id).then().statusCode(416);
        }

        @Test
        void unknownFileIs404Everywhere() {
            given().when().get("/files/nope").then().statusCode(404).contentType("application/problem+json");
            given().when().get("/files/nope/content").then().statusCode(404);
            put("nope", "x", Map.of()).statusCode(404);
            given().when().delete("/files/nope").then().statusCode(404);
        }
    }

    @Nested
    class ConditionalWrite {

        @Test
        void unconditionalWriteMakesTheNextVersion() {
            String id = createFile("v1");

            put(id, "version two", Map.of("X-Modified-By", "bob")).statusCode(200)
                    .header("ETag", "\"2\"").body("version", equalTo(2)).body("size", equalTo(11)).body("modifiedBy", equalTo("bob"));

            assertThat(content(id)).isEqualTo("version two");
        }

        @Test
        void ifMatchOnTheCurrentVersionWinsAndOnAnOldOneIs412() {
            String id = createFile("v1");

            put(id, "v2", Map.of("If-Match", "\"1\"")).statusCode(200);
            put(id, "stale", Map.of("If-Match", "\"1\"")).statusCode(412).body("currentVersion", equalTo(2));

            assertThat(content(id)).isEqualTo("v2");
        }

        @Test
        void malformedIfMatchOrTokenIs400() {
            String id = createFile("v1");

            put(id, "x", Map.of("If-Match", "W/\"1\"")).statusCode(400);
            put(id, "x", Map.of("If-Match", "\"abc\"")).statusCode(400);
            put(id, "x", Map.of("X-Fencing-Token", "twelve")).statusCode(400);
        }

        @Test
        void fencingTokenLowerThanTheNewestAcceptedIs409() {
            String id = createFile("v1");
            put(id, "from holder 20", Map.of("X-Fencing-Token", "20")).statusCode(200).body("lastFencingToken", equalTo(20));

            put(id, "from expired holder 19", Map.of("X-Fencing-Token", "19")).statusCode(409).body("reason", equalTo("fenced"));
            put(id, "holder 20 again", Map.of("X-Fencing-Token", "20")).statusCode(200);

            assertThat(content(id)).isEqualTo("holder 20 again");
        }

        @Test
        void twoRacingWritesWithTheSameIfMatchHaveExactlyOneWinner() {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int round = 0; round < 10; round++) {
                String id = createFile("");
                List<CompletableFuture<HttpResponse<String>>> racers = List.of("A", "B").stream()
                        .map(who -> http.sendAsync(HttpRequest.newBuilder(URI.create(filesUrl + id + "/content"))
                                .timeout(Duration.ofSeconds(30))
                                .header("If-Match", "\"1\"").header("Content-Type", "application/octet-stream")
                                .PUT(HttpRequest.BodyPublishers.ofString("written by " + who)).build(), HttpResponse.BodyHandlers.ofString()))
                        .toList();
                List<Integer> statuses = racers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).sorted().toList();

                assertThat(statuses).as("round %d", round).containsExactly(200, 412);
                given().when().get("/files/{id}", id).then().body("version", equalTo(2));
            }
        }
    }

    @Nested
    class RenameDeleteList {

        @Test
        void renameKeepsContentAndChecksNames() {
            String id = createFile("content");
            String taken = uniqueName("docx");
            create(taken, "other").statusCode(201);
            String newName = uniqueName("odt");

            given().contentType(ContentType.JSON).body(Map.of("name", newName)).when().patch("/files/{id}", id).then()
                    .statusCode(200).body("name", equalTo(newName)).body("extension", equalTo("odt")).body("version", equalTo(1));
            given().contentType(ContentType.JSON).body(Map.of("name", taken)).when().patch("/files/{id}", id).then().statusCode(409);
            given().contentType(ContentType.JSON).body(Map.of("name", "a|b")).when().patch("/files/{id}", id).then().statusCode(400);
            assertThat(content(id)).isEqualTo("content");
        }

        @Test
        void deleteRemovesTheFileAndItsVersions() {
            String id = createFile("content");
            put(id, "v2", Map.of()).statusCode(200);

            given().when().delete("/files/{id}", id).then().statusCode(204);

            given().when().get("/files/{id}", id).then().statusCode(404);
            given().when().get("/files/{id}/versions", id).then().statusCode(404);
        }

        @Test
        void listPagesThroughAFolderByName() {
            String folder = given().contentType(ContentType.JSON).body(Map.of("name", "folder-" + UUID.randomUUID(), "ownerId", "alice"))
                    .when().post("/containers").then().statusCode(201).extract().path("id");
            for (String name : List.of("c.docx", "a.docx", "b.docx")) {
                given().queryParam("name", name).queryParam("ownerId", "alice").queryParam("containerId", folder)
                        .contentType(ContentType.BINARY).body(new byte[] {1}).when().post("/files").then().statusCode(201);
            }

            given().queryParam("containerId", folder).queryParam("limit", 2).when().get("/files").then().statusCode(200)
                    .body("name", equalTo(List.of("a.docx", "b.docx")));
            given().queryParam("containerId", folder).queryParam("offset", 2).when().get("/files").then().statusCode(200)
                    .body("name", equalTo(List.of("c.docx")));
            given().queryParam("limit", 0).when().get("/files").then().statusCode(400);
        }
    }

    @Nested
    class Versions {

        @Test
        void everyWriteIsAVersionThatCanBeReadAndRestored() {
            String id = createFile("first");
            put(id, "second", Map.of()).statusCode(200);
            put(id, "third", Map.of()).statusCode(200);

            given().when().get("/files/{id}/versions", id).then().statusCode(200)
                    .body("$", hasSize(3)).body("version", equalTo(List.of(3, 2, 1)));
            given().when().get("/files/{id}/versions/{v}/content", id, 1).then().statusCode(200).body(equalTo("first"));

            given().when().post("/files/{id}/versions/{v}/restore", id, 1).then().statusCode(200).body("version", equalTo(4));

            assertThat(content(id)).isEqualTo("first");
            given().when().get("/files/{id}/versions/{v}/content", id, 2).then().statusCode(200).body(equalTo("second"));
        }

        @Test
        void unknownVersionIs404() {
            String id = createFile("first");

            given().when().get("/files/{id}/versions/{v}/content", id, 9).then().statusCode(404);
            given().when().post("/files/{id}/versions/{v}/restore", id, 9).then().statusCode(404);
        }
    }
}
