package org.openwopi.lock.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.InjectServer;
import org.openwopi.testsupport.RedisResource;
import org.openwopi.testsupport.RedisServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(RedisResource.class)
class LockResourceTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** Spoken to over the wire, not through a bean: {@link LockResourceIT} runs this class against the packaged service. */
    @InjectServer
    RedisServer redis;

    static String newFile() {
        return "file-" + UUID.randomUUID();
    }

    static ValidatableResponse post(String fileId, String operation, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/locks/{fileId}/{operation}", fileId, operation)
                .then();
    }

    static ValidatableResponse acquire(String fileId, String lockId) {
        return post(fileId, "acquire", Map.of("lockId", lockId, "userId", "alice", "clientApp", "Word"));
    }

    static long fencingToken(String fileId) {
        return given().when().get("/locks/{fileId}", fileId).then().statusCode(200).extract().jsonPath().getLong("fencingToken");
    }

    static void assertLockedWith(String fileId, String lockId) {
        given().when().get("/locks/{fileId}", fileId).then().statusCode(200).body("lockId", equalTo(lockId));
    }

    @Nested
    class Acquire {

        @Test
        void newLockIsGrantedWithHolderExpiryAndFencingToken() {
            String file = newFile();
            Instant before = Instant.now();

            acquire(file, "L1").statusCode(200)
                    .body("outcome", equalTo("ACQUIRED"))
                    .body("fileId", equalTo(file))
                    .body("lockId", equalTo("L1"))
                    .body("holder.userId", equalTo("alice"))
                    .body("holder.clientApp", equalTo("Word"))
                    .body("holder.acquiredAt", notNullValue())
                    .body("fencingToken", greaterThan(0L));

            Instant expiresAt = Instant.parse(given().get("/locks/{fileId}", file).then().extract().path("expiresAt"));
            assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(29)), before.plus(Duration.ofMinutes(31)));
        }

        @Test
        void sameIdRefreshesAndKeepsTheFencingToken() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);
            long token = fencingToken(file);

            acquire(file, "L1").statusCode(200).body("outcome", equalTo("REFRESHED"));

            assertThat(fencingToken(file)).isEqualTo(token);
        }

        @Test
        void coAuthorsLockingWithTheSessionsIdJoinItsUsersOnceEachAndTheHolderStays() {
            String file = newFile();
            acquire(file, "session").statusCode(200).body("holder.users", equalTo(java.util.List.of("alice")));
            long token = fencingToken(file);
            for (String user : java.util.List.of("bob", "alice", "carol", "bob")) {
                post(file, "acquire", Map.of("lockId", "session", "userId", user, "clientApp", "Word")).statusCode(200)
                        .body("outcome", equalTo("REFRESHED"));
            }
            given().when().get("/locks/{fileId}", file).then().statusCode(200)
                    .body("holder.userId", equalTo("alice"))
                    .body("holder.users", equalTo(java.util.List.of("alice", "bob", "carol")));
            assertThat(fencingToken(file)).isEqualTo(token);
            // Another session (UnlockAndRelock) starts a list of its own.
            post(file, "relock", Map.of("oldLockId", "session", "lockId", "next", "userId", "dave", "clientApp", "Word"))
                    .statusCode(200).body("holder.users", equalTo(java.util.List.of("dave")));
        }

        @Test
        void otherIdIsRefusedWith409NamingTheCurrentLock() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);

            acquire(file, "L2").statusCode(409)
                    .contentType("application/problem+json")
                    .body("code", equalTo("LOCK_CONFLICT"))
                    .body("currentLockId", equalTo("L1"))
                    .body("reason", notNullValue());
            assertLockedWith(file, "L1");
        }

        @Test
        void lockIdOf1024CharactersIsKeptWhole() {
            String file = newFile();
            String longId = "x".repeat(1023) + "é";

            acquire(file, longId).statusCode(200).body("lockId", equalTo(longId));

            assertLockedWith(file, longId);
        }

        @Test
        void lockIdOf1025CharactersIsRefusedNotTruncated() {
            String file = newFile();

            acquire(file, "x".repeat(1025)).statusCode(400).body("code", equalTo("BAD_REQUEST"));

            given().when().get("/locks/{fileId}", file).then().statusCode(404);
        }

        @Test
        void emptyLockIdIsRefused() {
            acquire(newFile(), "").statusCode(400);
        }

        @Test
        void missingBodyIsRefused() {
            given().contentType(ContentType.JSON).when().post("/locks/{fileId}/acquire", newFile())
                    .then().statusCode(400).body("detail", equalTo("a JSON body is required"));
        }

        @Test
        void malformedJsonIsRefusedWithAProblemDocument() {
            given().contentType(ContentType.JSON).body("{\"lockId\": ").when().post("/locks/{fileId}/acquire", newFile())
                    .then().statusCode(400).contentType("application/problem+json");
        }

        @Test
        void keysCarryTheFileIdAsHashTag() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);

            assertThat(redis.command("EXISTS", "wopi:lock:{" + file + "}", "wopi:fence:{" + file + "}")).isEqualTo(":2");
        }

        @Test
        void fencingTokenStaysAboveEarlierOnesWhenRedisLosesTheCounter() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);
            long before = fencingToken(file);
            // What a Redis restart without persistence does to this file's keys.
            assertThat(redis.command("DEL", "wopi:lock:{" + file + "}", "wopi:fence:{" + file + "}")).isEqualTo(":2");

            acquire(file, "L2").statusCode(200).body("outcome", equalTo("ACQUIRED"));

            assertThat(fencingToken(file)).isGreaterThan(before);
        }

        @Test
        void scriptsAreSentAgainAfterRedisForgetsThem() {
            assertThat(redis.command("SCRIPT", "FLUSH")).isEqualTo("+OK");

            acquire(newFile(), "L1").statusCode(200).body("outcome", equalTo("ACQUIRED"));
        }
    }

    @Nested
    class Refresh {

        @Test
        void matchingIdRestartsTheTtl() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);
            assertThat(redis.command("PEXPIRE", "wopi:lock:{" + file + "}", "60000")).isEqualTo(":1");

            post(file, "refresh", Map.of("lockId", "L1")).statusCode(200).body("outcome", equalTo("REFRESHED"));

            long ttl = Long.parseLong(redis.command("PTTL", "wopi:lock:{" + file + "}").substring(1));
            assertThat(ttl).isGreaterThan(Duration.ofMinutes(29).toMillis());
        }

        @Test
        void wrongIdIs409AndLeavesTheLockUntouched() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);
            long token = fencingToken(file);

            post(file, "refresh", Map.of("lockId", "L2")).statusCode(409).body("currentLockId", equalTo("L1"));

            assertLockedWith(file, "L1");
            assertThat(fencingToken(file)).isEqualTo(token);
        }

        @Test
        void unlockedFileIs409WithEmptyCurrentLock() {
            post(newFile(), "refresh", Map.of("lockId", "L1")).statusCode(409).body("currentLockId", emptyString());
        }
    }

    @Nested
    class Unlock {

        @Test
        void matchingIdRemovesTheLock() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);

            post(file, "unlock", Map.of("lockId", "L1")).statusCode(200).body("outcome", equalTo("UNLOCKED")).body("lockId", equalTo("L1"));

            given().when().get("/locks/{fileId}", file).then().statusCode(404).body("currentLockId", emptyString());
        }

        @Test
        void wrongIdIs409AndLeavesTheLockUntouched() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);

            post(file, "unlock", Map.of("lockId", "L2")).statusCode(409).body("currentLockId", equalTo("L1"));

            assertLockedWith(file, "L1");
        }

        @Test
        void unlockedFileIs409WithEmptyCurrentLock() {
            post(newFile(), "unlock", Map.of("lockId", "L1")).statusCode(409).body("currentLockId", emptyString());
        }
    }

    @Nested
    class Relock {

        @Test
        void matchingOldIdSwapsToTheNewIdWithAGreaterFencingToken() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);
            long token = fencingToken(file);

            post(file, "relock", Map.of("oldLockId", "L1", "lockId", "L2")).statusCode(200)
                    .body("outcome", equalTo("RELOCKED")).body("lockId", equalTo("L2"));

            assertLockedWith(file, "L2");
            assertThat(fencingToken(file)).isGreaterThan(token);
        }

        @Test
        void wrongOldIdIs409AndLeavesTheLockUntouched() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);

            post(file, "relock", Map.of("oldLockId", "L9", "lockId", "L2")).statusCode(409).body("currentLockId", equalTo("L1"));

            assertLockedWith(file, "L1");
        }

        @Test
        void unlockedFileIs409WithEmptyCurrentLock() {
            post(newFile(), "relock", Map.of("oldLockId", "L1", "lockId", "L2")).statusCode(409).body("currentLockId", emptyString());
        }

        @Test
        void newIdOver1024CharactersIsRefused() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);

            post(file, "relock", Map.of("oldLockId", "L1", "lockId", "y".repeat(1025))).statusCode(400);

            assertLockedWith(file, "L1");
        }
    }

    @Nested
    class GetAndForceUnlock {

        @Test
        void getOfUnlockedFileIs404WithEmptyCurrentLock() {
            given().when().get("/locks/{fileId}", newFile()).then().statusCode(404).body("currentLockId", emptyString());
        }

        @Test
        void forceUnlockRemovesAnyLockAndAnswersWhatItRemoved() {
            String file = newFile();
            acquire(file, "L1").statusCode(200);

            given().when().delete("/locks/{fileId}", file).then().statusCode(200)
                    .body("lockId", equalTo("L1")).body("holder.userId", equalTo("alice"));

            given().when().get("/locks/{fileId}", file).then().statusCode(404);
            acquire(file, "L2").statusCode(200).body("outcome", equalTo("ACQUIRED"));
        }

        @Test
        void forceUnlockOfUnlockedFileIs404() {
            given().when().delete("/locks/{fileId}", newFile()).then().statusCode(404);
        }
    }

    @Nested
    class ListLocks {

        @Test
        void aLookupAnswersTheLocksOfTheLockedFilesAmongThoseAsked() {
            String locked = newFile();
            String other = newFile();
            String free = newFile();
            acquire(locked, "L1").statusCode(200);
            acquire(other, "L2").statusCode(200);

            given().contentType(ContentType.JSON).body(Map.of("fileIds", java.util.List.of(locked, free, other, locked)))
                    .when().post("/locks/lookup").then().statusCode(200)
                    .body("size()", equalTo(2))
                    .body("find { it.fileId == '" + locked + "' }.lockId", equalTo("L1"))
                    .body("find { it.fileId == '" + other + "' }.lockId", equalTo("L2"));
            given().contentType(ContentType.JSON).body(Map.of("fileIds", java.util.List.of()))
                    .when().post("/locks/lookup").then().statusCode(200).body("size()", equalTo(0));
            given().contentType(ContentType.JSON).body(Map.of("fileIds", java.util.List.of("bad\u0000id")))
                    .when().post("/locks/lookup").then().statusCode(400);
            given().contentType(ContentType.JSON).body("{}").when().post("/locks/lookup").then().statusCode(400);
        }

        @Test
        void pagesCoverEveryCurrentLock() {
            Set<String> files = new HashSet<>();
            for (int i = 0; i < 25; i++) {
                String file = newFile();
                files.add(file);
                acquire(file, "L" + i).statusCode(200);
            }

            Set<String> listed = new HashSet<>();
            String cursor = "0";
            int pages = 0;
            do {
                var page = given().queryParam("cursor", cursor).queryParam("limit", 10)
                        .when().get("/locks").then().statusCode(200).extract().jsonPath();
                List<String> ids = page.getList("locks.fileId");
                listed.addAll(ids);
                cursor = page.getString("nextCursor");
                pages++;
            } while (!"0".equals(cursor) && pages < 1000);

            assertThat(listed).containsAll(files);
        }

        @Test
        void badCursorAndLimitAreRefused() {
            given().queryParam("cursor", "abc").when().get("/locks").then().statusCode(400);
            given().queryParam("limit", 0).when().get("/locks").then().statusCode(400);
            given().queryParam("limit", 100_000).when().get("/locks").then().statusCode(400);
        }
    }

    @Test
    void operationsAreCountedAndTimedInPrometheusFormat() {
        String file = newFile();
        acquire(file, "L1").statusCode(200);
        acquire(file, "L2").statusCode(409);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("wopi_lock_operations_total{operation=\"acquire\",outcome=\"acquired\"")
                .contains("wopi_lock_operations_total{operation=\"acquire\",outcome=\"conflict\"")
                .contains("wopi_lock_operation_seconds_count{operation=\"acquire\"");
    }
}
