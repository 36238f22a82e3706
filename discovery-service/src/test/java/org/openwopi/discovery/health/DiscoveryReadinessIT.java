package org.openwopi.discovery.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.RedisResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application starts and is ready with no WOPI client configured (nothing to wait for). */
@QuarkusIntegrationTest
@WithTestResource(RedisResource.class)
class DiscoveryReadinessIT {

    @Test
    void packagedApplicationIsReadyWithoutClients() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'wopi-discovery' }.data.clients", equalTo("none configured"));
    }
}
