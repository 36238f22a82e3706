package org.openwopi.lock.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.RedisResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(LockExpiryTest.ShortTtl.class)
@WithTestResource(RedisResource.class)
class LockExpiryTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    public static class ShortTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lock.ttl", "PT0.5S");
        }
    }

    private static long acquire(String file, String lockId, String expectedOutcome) {
        return given().contentType(ContentType.JSON).body(Map.of("lockId", lockId))
                .when().post("/locks/{fileId}/acquire", file)
                .then().statusCode(200).body("outcome", equalTo(expectedOutcome))
                .extract().jsonPath().getLong("fencingToken");
    }

    /** Polls until Redis has dropped the lock; bounded, so a lock that never expires fails the test. */
    private static void awaitExpiry(String file) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (given().when().get("/locks/{fileId}", file).then().extract().statusCode() == 404) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("lock on " + file + " did not expire within 10 s");
    }

    @Test
    void expiredLockIsGoneAndAnotherIdCanTakeIt() throws InterruptedException {
        String file = "file-" + UUID.randomUUID();
        acquire(file, "L1", "ACQUIRED");

        awaitExpiry(file);

        given().contentType(ContentType.JSON).body(Map.of("lockId", "L1"))
                .when().post("/locks/{fileId}/refresh", file).then().statusCode(409).body("currentLockId", equalTo(""));
        acquire(file, "L2", "ACQUIRED");
    }

    @Test
    void fencingTokensStrictlyIncreaseAcrossExpiryAndReacquisition() throws InterruptedException {
        String file = "file-" + UUID.randomUUID();
        long previous = 0;
        for (int round = 0; round < 4; round++) {
            long token = acquire(file, "L" + round, "ACQUIRED");
            assertThat(token).isGreaterThan(previous);
            previous = token;
            awaitExpiry(file);
        }
    }
}
