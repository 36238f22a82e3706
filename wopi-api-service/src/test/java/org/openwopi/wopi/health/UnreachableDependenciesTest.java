package org.openwopi.wopi.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.ServerProcess;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(UnreachableDependenciesTest.NothingListens.class)
class UnreachableDependenciesTest {

    /** Every internal service points at a loopback port nothing listens on. */
    public static class NothingListens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String nowhere = "http://127.0.0.1:" + ServerProcess.freeLoopbackPort();
            return Map.of(
                    "wopi.clients.lock.url", nowhere,
                    "wopi.clients.storage.url", nowhere,
                    "wopi.clients.discovery.url", nowhere);
        }
    }

    @Test
    void notReadyWithAReasonPerServiceWhenNothingAnswers() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'dependencies' }.data.'lock-service'", startsWith("DOWN: "))
                .body("checks.find { it.name == 'dependencies' }.data.'discovery-service'", startsWith("DOWN: "));
    }
}
