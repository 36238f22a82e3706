package org.openwopi.discovery.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A restarted pod (or a new replica) takes the copy from Redis and needs no fetch, even with the client down. */
@QuarkusTest
@WithTestResource(SeededRedisResource.class)
class SharedCopyTest {

    private static void awaitCopy() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ("MISSING".equals(given().get("/discovery/clients/office").then().extract().path("state"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void sharedCopyIsServedWithoutAnyFetch() throws InterruptedException {
        awaitCopy();

        given().when().get("/discovery/clients/office").then().statusCode(200)
                .body("state", equalTo("FRESH"))
                .body("lastAttemptAt", nullValue());
        given().when().get("/discovery/clients/office/apps").then().statusCode(200).body("apps.name", hasItems("Word"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
