package org.openwopi.discovery.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.RedisResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application (jar here, native binary where a builder exists) is ready against a real Redis. */
@QuarkusIntegrationTest
@WithTestResource(RedisResource.class)
class RedisReadinessIT {

    @Test
    void packagedApplicationIsReadyWithRedis() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
