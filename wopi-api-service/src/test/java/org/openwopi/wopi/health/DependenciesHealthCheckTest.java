package org.openwopi.wopi.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(PeerServicesResource.class)
class DependenciesHealthCheckTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterEach
    void allPeersReadyAgain() {
        PeerServicesResource.STATUS.clear();
    }

    @Test
    void readyWhenLockStorageAndDiscoveryAreReady() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'dependencies' }.data.'lock-service'", equalTo("UP"))
                .body("checks.find { it.name == 'dependencies' }.data.'storage-service'", equalTo("UP"))
                .body("checks.find { it.name == 'dependencies' }.data.'discovery-service'", equalTo("UP"));
    }

    @Test
    void notReadyAndSaysWhichWhenOneServiceIsNotReady() {
        PeerServicesResource.STATUS.put("storage-service", 503);

        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'dependencies' }.data.'storage-service'", equalTo("DOWN: HTTP 503"))
                .body("checks.find { it.name == 'dependencies' }.data.'lock-service'", equalTo("UP"));
    }

    @Test
    void livenessStaysUpWhileADependencyIsDown() {
        PeerServicesResource.STATUS.put("lock-service", 503);

        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
