package org.openwopi.wopi.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.TestAccessTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;
import org.openwopi.wopi.support.OfficeDouble;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The WOPI files protocol against the real lock-, storage- and discovery-service, every request signed by the
 * {@link OfficeDouble}: the WOPI rules of the service README and those the validator does not check itself.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class WopiFilesIT {

    private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);

    /** Minted in the test's JVM, not asked of a bean: {@code PackagedWopiFilesIT} runs this class against the packaged service. */
    final AccessTokens tokens = TestAccessTokens.shared();

    WopiClient wopi;
    String folder;

    @BeforeEach
    void client() {
        wopi = new WopiClient(tokens);
        folder = WopiClient.createFolder(WopiClient.unique("FOLDER"), "alice", null);
    }

    String file(String name, byte[] content) {
        return WopiClient.createFile(name, "alice", folder, content);
    }

    Response call(String fileId, String override, Map<String, String> headers) {
        WopiClient.Request request = wopi.request("/wopi/files/" + fileId, wopi.token("alice", fileId)).override(override);
        headers.forEach(request::header);
        return request.post();
    }

    Response lock(String fileId, String lockId) {
        return call(fileId, "LOCK", Map.of("X-WOPI-Lock", lockId));
    }

    Response putFile(String fileId, String lockId, byte[] content) {
        WopiClient.Request request = wopi.request("/wopi/files/" + fileId + "/contents", wopi.token("alice", fileId))
                .override("PUT").body(content);
        if (lockId != null) {
            request.header("X-WOPI-Lock", lockId);
        }
        return request.post();
    }

    @Nested
    class CheckFileInfo {

        @Test
        void answersTheFixtureWithJsonTypesAndNoCoauthProperties() throws Exception {
            String id = file("Report.docx", HELLO);

            Response response = wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get();

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode actual = new ObjectMapper().readTree(response.asString());
            JsonNode fixture;
            try (InputStream in = getClass().getResourceAsStream("/checkfileinfo/owner.json")) {
                fixture = new ObjectMapper().readTree(in);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = fixture.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> expected = it.next();
                if (expected.getKey().startsWith("_")) {
                    continue;
                }
                JsonNode value = actual.get(expected.getKey());
                assertThat(value).as(expected.getKey()).isNotNull();
                if (expected.getKey().equals("BreadcrumbFolderName")) {
                    assertThat(value.asText()).startsWith("FOLDER-");
                } else {
                    assertThat(value).as(expected.getKey()).isEqualTo(expected.getValue());
                }
            }
            assertThat(actual.get("HostEditUrl").asText()).isEqualTo(WopiStackResource.stack().publicBaseUrl() + "/host/" + id + "?action=edit");
            assertThat(actual.get("LastModifiedTime").asText()).satisfies(time -> Instant.parse(time));
            String base = WopiStackResource.stack().publicBaseUrl();
            assertThat(actual.get("FileVersionUrl").asText()).isEqualTo(base + "/#versions/" + id);
            assertThat(actual.get("DownloadUrl").asText()).isEqualTo(base + "/api/files/" + id + "/content");
            assertThat(actual.get("CloseUrl").asText()).isEqualTo(base + "/#folder/" + folder);
            assertThat(actual.get("BreadcrumbFolderUrl").asText()).isEqualTo(base + "/#folder/" + folder);
            assertThat(actual.get("FileUrl").asText()).startsWith(base + "/fileurl/" + id + "?t=");
            for (String forbidden : List.of("SupportsCoauth", "SequenceNumber", "ServerTime", "AccessTokenExpiry",
                    "SharingStatus", "RealTimeChannelEndpointUrl", "OfficeCollaborationServiceEndpointUrl")) {
                assertThat(actual.has(forbidden)).as(forbidden).isFalse();
            }
        }

        @Test
        void aViewOnlyTokenSeesAReadOnlyFile() {
            String id = file("View.docx", HELLO);
            String token = wopi.token("alice", Resource.file(id), EnumSet.of(Permission.VIEW));

            wopi.request("/wopi/files/" + id, token).get().then().statusCode(200)
                    .body("UserCanWrite", equalTo(false)).body("ReadOnly", equalTo(true))
                    .body("UserCanNotWriteRelative", equalTo(true)).body("UserCanRename", equalTo(false))
                    // Office offers no Edit button to answer, and no file creation.
                    .body("EditModePostMessage", org.hamcrest.Matchers.nullValue())
                    .body("SupportsFileCreation", equalTo(false))
                    // Without the owner's right, the folder is not named: the way back is "Shared with me".
                    .body("BreadcrumbFolderName", equalTo("Shared with me"))
                    .body("CloseUrl", equalTo(WopiStackResource.stack().publicBaseUrl() + "/#shared"));
        }

        @Test
        void sizeAndVersionFollowEverySave() {
            String id = file("Grow.docx", new byte[0]);
            lock(id, "L1").then().statusCode(200);
            byte[] content = new byte[123_457];

            Response saved = putFile(id, "L1", content);

            saved.then().statusCode(200);
            Response info = wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get();
            info.then().body("Size", equalTo(content.length));
            assertThat(saved.header("X-WOPI-ItemVersion")).isEqualTo(info.path("Version"));
            Response get = wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get();
            assertThat(get.asByteArray()).hasSize(content.length);
            assertThat(get.header("X-WOPI-ItemVersion")).isEqualTo(info.path("Version"));
        }

        @Test
        void userInfoIsStoredPerUser() {
            String id = file("Info.docx", HELLO);

            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("PUT_USER_INFO")
                    .body("{\"theme\":\"dark\"}".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(200);

            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().body("UserInfo", equalTo("{\"theme\":\"dark\"}"));
        }

        @Test
        void userInfoLongerThan1024CharactersIsRefused() {
            String id = file("Info2.docx", HELLO);

            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("PUT_USER_INFO")
                    .body("x".repeat(1025).getBytes(StandardCharsets.UTF_8)).post().then().statusCode(400);
        }
    }

    @Nested
    class Locks {

        @Test
        void lockingAgainWithTheSameIdIsARefresh() {
            String id = file("L.docx", HELLO);

            lock(id, "A").then().statusCode(200).header("X-WOPI-ItemVersion", "1");
            lock(id, "A").then().statusCode(200);
        }

        @Test
        void aLockMismatchAnswers409WithTheCurrentLock() {
            String id = file("L.docx", HELLO);
            lock(id, "A").then().statusCode(200);

            lock(id, "B").then().statusCode(409).header("X-WOPI-Lock", "A");
            call(id, "UNLOCK", Map.of("X-WOPI-Lock", "B")).then().statusCode(409).header("X-WOPI-Lock", "A");
            call(id, "REFRESH_LOCK", Map.of("X-WOPI-Lock", "B")).then().statusCode(409).header("X-WOPI-Lock", "A");
            call(id, "LOCK", Map.of("X-WOPI-Lock", "C", "X-WOPI-OldLock", "B")).then().statusCode(409).header("X-WOPI-Lock", "A");
        }

        @Test
        void operationsOnAnUnlockedFileAnswer409WithAnEmptyLock() {
            String id = file("U.docx", HELLO);

            for (Response response : List.of(call(id, "UNLOCK", Map.of("X-WOPI-Lock", "A")),
                    call(id, "REFRESH_LOCK", Map.of("X-WOPI-Lock", "A")),
                    call(id, "LOCK", Map.of("X-WOPI-Lock", "B", "X-WOPI-OldLock", "A")))) {
                response.then().statusCode(409).header("X-WOPI-Lock", "");
            }
        }

        @Test
        void getLockAnswersTheLockOrAnEmptyString() {
            String id = file("G.docx", HELLO);

            call(id, "GET_LOCK", Map.of()).then().statusCode(200).header("X-WOPI-Lock", "");
            lock(id, "held").then().statusCode(200);
            call(id, "GET_LOCK", Map.of()).then().statusCode(200).header("X-WOPI-Lock", "held");
        }

        @Test
        void unlockAndRelockSwapsTheLock() {
            String id = file("R.docx", HELLO);
            lock(id, "old").then().statusCode(200);

            call(id, "LOCK", Map.of("X-WOPI-Lock", "new", "X-WOPI-OldLock", "old")).then().statusCode(200);
            call(id, "GET_LOCK", Map.of()).then().header("X-WOPI-Lock", "new");
            call(id, "UNLOCK", Map.of("X-WOPI-Lock", "new")).then().statusCode(200).header("X-WOPI-ItemVersion", "1");
            call(id, "GET_LOCK", Map.of()).then().header("X-WOPI-Lock", "");
        }

        @Test
        void lockIdsOf1024CharactersAreKeptAndLongerOnesRefused() {
            String id = file("Long.docx", HELLO);
            String longest = "x".repeat(1024);

            lock(id, longest + "y").then().statusCode(400);
            lock(id, longest).then().statusCode(200);
            call(id, "GET_LOCK", Map.of()).then().header("X-WOPI-Lock", longest);
        }

        @Test
        void aLockWithoutALockHeaderIsABadRequest() {
            String id = file("NoHeader.docx", HELLO);

            call(id, "LOCK", Map.of()).then().statusCode(400);
        }

        @Test
        void deletingALockedFileAnswers409() {
            String id = file("D.docx", HELLO);
            lock(id, "A").then().statusCode(200);

            call(id, "DELETE", Map.of()).then().statusCode(409).header("X-WOPI-Lock", "A");
            call(id, "UNLOCK", Map.of("X-WOPI-Lock", "A")).then().statusCode(200);
            call(id, "DELETE", Map.of()).then().statusCode(200);
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(404);
        }
    }

    @Nested
    class Contents {

        @Test
        void putFileOnAnUnlockedFileThatIsNotEmptyAnswers409() {
            String id = file("P.docx", HELLO);

            putFile(id, null, HELLO).then().statusCode(409).header("X-WOPI-Lock", "");
        }

        @Test
        void putFileOnALockedFileNeedsItsLock() {
            String id = file("P.docx", HELLO);
            lock(id, "mine").then().statusCode(200);

            putFile(id, null, HELLO).then().statusCode(409).header("X-WOPI-Lock", "mine");
            putFile(id, "theirs", HELLO).then().statusCode(409).header("X-WOPI-Lock", "mine");
            putFile(id, "mine", "saved".getBytes(StandardCharsets.UTF_8)).then().statusCode(200).header("X-WOPI-ItemVersion", "2");
            assertThat(wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get().asString()).isEqualTo("saved");
        }

        @Test
        void aPutFileThatExpects100ContinueGetsItOnceTheChecksPassAndIsSaved() throws Exception {
            String id = file("P.docx", HELLO);
            lock(id, "mine").then().statusCode(200);
            String head = WopiClient.rawHead("POST", "/wopi/files/" + id + "/contents", wopi.token("alice", id),
                    Map.of("X-WOPI-Override", "PUT", "X-WOPI-Lock", "mine", "Content-Type", "application/octet-stream",
                            "Content-Length", "5", "Expect", "100-continue"));
            try (Socket socket = new Socket("127.0.0.1", WopiStackResource.stack().wopiPort())) {
                // Bounds the wait: a host that never answers 100 makes a client such as curl wait a second per save.
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                assertThat(readHead(in)).startsWith("HTTP/1.1 100");
                socket.getOutputStream().write("saved".getBytes(StandardCharsets.UTF_8));
                String answer = readHead(in);
                assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("X-WOPI-ItemVersion: 2");
            }
            assertThat(wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get().asString()).isEqualTo("saved");
        }

        /** An answer's status line and headers, up to the blank line. */
        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }

        @Test
        void ofTwoPutFilesRacingOnAnEmptyUnlockedFileExactlyOneWins() {
            for (int round = 0; round < 5; round++) {
                String id = file("Race" + round + ".docx", new byte[0]);
                List<CompletableFuture<Integer>> racers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    byte[] content = ("writer " + i).getBytes(StandardCharsets.UTF_8);
                    racers.add(CompletableFuture.supplyAsync(() -> putFile(id, null, content).statusCode()));
                }
                List<Integer> statuses = racers.stream().map(CompletableFuture::join).sorted().toList();

                assertThat(statuses).as("round " + round).containsExactly(200, 409);
            }
        }

        @Test
        void getFileRefusesAFileLargerThanMaxExpectedSize() {
            String id = file("Big.docx", HELLO);

            wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id))
                    .header("X-WOPI-MaxExpectedSize", "10").get().then().statusCode(412);
            wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id))
                    .header("X-WOPI-MaxExpectedSize", "11").get().then().statusCode(200).header("X-WOPI-ItemVersion", "1");
        }

        @Test
        void aFileOverTheSizeLimitAnswers413AndKeepsTheOldVersion() {
            String id = file("Limit.docx", HELLO);
            lock(id, "L").then().statusCode(200);

            putFile(id, "L", new byte[(int) WopiStackResource.MAX_FILE_SIZE + 1]).then().statusCode(413);

            assertThat(wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get().asString()).isEqualTo("hello world");
        }

        @Test
        void collaboraTimestampOfAnOlderVersionAnswers1010() {
            String id = file("Cool.docx", HELLO);
            lock(id, "L").then().statusCode(200);

            wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).override("PUT")
                    .header("X-WOPI-Lock", "L").header("X-COOL-WOPI-Timestamp", "2001-01-01T00:00:00Z")
                    .body(HELLO).post().then().statusCode(409).body("COOLStatusCode", equalTo(1010));
            String modified = wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().path("LastModifiedTime");
            wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).override("PUT")
                    .header("X-WOPI-Lock", "L").header("X-COOL-WOPI-Timestamp", modified)
                    .body(HELLO).post().then().statusCode(200).body("LastModifiedTime", org.hamcrest.Matchers.notNullValue());
        }
    }

    @Nested
    class AccessAndProof {

        @Test
        void noForgedOrExpiredTokenAnswers401() {
            String id = file("T.docx", HELLO);

            wopi.request("/wopi/files/" + id, "").get().then().statusCode(401);
            wopi.request("/wopi/files/" + id, "forged.token.value").get().then().statusCode(401);
            String token = wopi.token("alice", id);
            String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
            wopi.request("/wopi/files/" + id, tampered).get().then().statusCode(401);
        }

        @Test
        void aTokenForAnotherFileAnswers404() {
            String a = file("A.docx", HELLO);
            String b = file("B.docx", HELLO);

            wopi.request("/wopi/files/" + b, wopi.token("alice", a)).get().then().statusCode(404);
        }

        @Test
        void anUnknownFileAnswers404() {
            String missing = java.util.UUID.randomUUID().toString();

            wopi.request("/wopi/files/" + missing, wopi.token("alice", missing)).get().then().statusCode(404);
            call(missing, "LOCK", Map.of("X-WOPI-Lock", "A")).then().statusCode(404);
        }

        @Test
        void anUnknownOverrideAnswers501() {
            String id = file("O.docx", HELLO);

            call(id, "MAKE_COFFEE", Map.of()).then().statusCode(501);
        }

        @Test
        void missingOrBadProofsAnswer500() {
            String id = file("Proof.docx", HELLO);
            String token = wopi.token("alice", id);
            String url = WopiClient.url("/wopi/files/" + id, token);

            wopi.request("/wopi/files/" + id, token).unsigned().get().then().statusCode(500);
            wopi.request("/wopi/files/" + id, token).proof(OfficeDouble.proofHeaders(token, url, Instant.now(),
                    OfficeDouble.strangerKey(), OfficeDouble.strangerKey())).get().then().statusCode(500);
            wopi.request("/wopi/files/" + id, token).proof(OfficeDouble.proofHeaders(token, url,
                    Instant.now().minusSeconds(21 * 60), WopiStackResource.stack().office().currentKey(),
                    WopiStackResource.stack().office().oldKey())).get().then().statusCode(500);
            // The proof covers the URL: one signed for another URL does not pass.
            wopi.request("/wopi/files/" + id, token).proof(WopiStackResource.stack().office()
                    .proofHeaders(token, url + "&x=1")).get().then().statusCode(500);
        }

        @Test
        void theKeysOfficeRotatedToAreFetchedOnceAndAccepted() {
            String id = file("Rotate.docx", HELLO);
            OfficeDouble office = WopiStackResource.stack().office();
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200);

            office.rotate();
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200);
            int fetchesBefore = office.discoveryFetches();
            office.rotate();
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200);

            assertThat(office.discoveryFetches() - fetchesBefore).isEqualTo(1);
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200);
            assertThat(office.discoveryFetches() - fetchesBefore).isEqualTo(1);
        }
    }

    @Nested
    class RelativeRenameDelete {

        @Test
        void putRelativeWithASuggestedExtensionKeepsTheBaseName() {
            String id = file("Source.docx", HELLO);

            Response response = call(id, "PUT_RELATIVE", Map.of("X-WOPI-SuggestedTarget", ".pdf"));

            response.then().statusCode(200).body("Name", equalTo("Source.pdf"));
            String url = response.path("Url");
            assertThat(url).startsWith(WopiStackResource.stack().publicBaseUrl() + "/wopi/files/").contains("access_token=");
        }

        @Test
        void putRelativeWithATakenExactNameAnswers409AndAFreeName() {
            String id = file("Base.docx", HELLO);
            file("Taken_name.docx", HELLO);

            call(id, "PUT_RELATIVE", Map.of("X-WOPI-RelativeTarget", Utf7.encode("Taken_name.docx")))
                    .then().statusCode(409).header("X-WOPI-ValidRelativeTarget", Utf7.encode("Taken_name (2).docx"));
        }

        @Test
        void putRelativeOverALockedFileAnswers409EvenWhenOverwriteIsAsked() {
            String id = file("Base2.docx", HELLO);
            String target = file("Target.docx", HELLO);
            lock(target, "theirs").then().statusCode(200);

            call(id, "PUT_RELATIVE", Map.of("X-WOPI-RelativeTarget", "Target.docx", "X-WOPI-OverwriteRelativeTarget", "true"))
                    .then().statusCode(409).header("X-WOPI-Lock", "theirs");
        }

        @Test
        void putRelativeWithBothTargetsIsNotImplemented() {
            String id = file("Both.docx", HELLO);

            call(id, "PUT_RELATIVE", Map.of("X-WOPI-RelativeTarget", "a.docx", "X-WOPI-SuggestedTarget", ".docx"))
                    .then().statusCode(501);
        }

        @Test
        void renameTakesAUtf7NameWithoutExtensionAndKeepsTheExtension() {
            String id = file("Old.docx", HELLO);

            call(id, "RENAME_FILE", Map.of("X-WOPI-RequestedName", Utf7.encode("New_name \u00E9t\u00E9")))
                    .then().statusCode(200).body("Name", equalTo("New_name \u00E9t\u00E9"));
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then()
                    .body("BaseFileName", equalTo("New_name \u00E9t\u00E9.docx"));
        }

        @Test
        void renameToAnInvalidNameAnswers400WithTheReason() {
            String id = file("Valid.docx", HELLO);

            Response response = call(id, "RENAME_FILE", Map.of("X-WOPI-RequestedName", "bad/name"));

            response.then().statusCode(400);
            assertThat(response.header("X-WOPI-InvalidFileNameError")).isNotBlank();
        }

        @Test
        void renameOfAFileLockedByOthersAnswers409() {
            String id = file("Locked.docx", HELLO);
            lock(id, "theirs").then().statusCode(200);

            call(id, "RENAME_FILE", Map.of("X-WOPI-RequestedName", "x", "X-WOPI-Lock", "mine"))
                    .then().statusCode(409).header("X-WOPI-Lock", "theirs");
            call(id, "RENAME_FILE", Map.of("X-WOPI-RequestedName", "x", "X-WOPI-Lock", "theirs")).then().statusCode(200);
        }
    }
}
