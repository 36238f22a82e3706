package org.openwopi.lock.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.InjectServer;
import org.openwopi.testsupport.RedisResource;
import org.openwopi.testsupport.RedisServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisOutageTest {

    /** A hang fails the test instead of stalling the build: no answer within 5 s is an error. */
    private static final RestAssuredConfig NO_HANG = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5000).setParam("http.socket.timeout", 5000));

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @InjectServer
    RedisServer redis;

    @Test
    void deadRedisGives503WithRetryAfterThenServiceRecoversWhenRedisReturns() throws InterruptedException {
        String file = "file-" + UUID.randomUUID();
        redis.kill();
        try {
            given().config(NO_HANG).contentType(ContentType.JSON).body(Map.of("lockId", "L1"))
                    .when().post("/locks/{fileId}/acquire", file)
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("code", equalTo("DEPENDENCY_UNAVAILABLE"))
                    .body("detail", containsString("Redis"));
            given().config(NO_HANG).when().get("/locks/{fileId}", file).then().statusCode(503);
        } finally {
            redis.start();
        }

        // The client reconnects by itself; allow it a bounded moment.
        int status = 0;
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (status != 200 && System.nanoTime() < deadline) {
            status = given().config(NO_HANG).contentType(ContentType.JSON).body(Map.of("lockId", "L1"))
                    .when().post("/locks/{fileId}/acquire", file).then().extract().statusCode();
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        given().config(NO_HANG).when().get("/locks/{fileId}", file).then().statusCode(200).body("lockId", equalTo("L1"));
    }
}
