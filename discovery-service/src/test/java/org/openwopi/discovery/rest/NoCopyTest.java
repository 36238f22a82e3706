package org.openwopi.discovery.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.RedisResource;
import org.openwopi.testsupport.ServerProcess;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The WOPI client is unreachable and no replica ever stored a copy: the pod starts, but is not ready. */
@QuarkusTest
@TestProfile(NoCopyTest.UnreachableClient.class)
@WithTestResource(RedisResource.class)
class NoCopyTest {

    public static class UnreachableClient implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("discovery.clients.office.url", "http://127.0.0.1:" + ServerProcess.freeLoopbackPort() + "/hosting/discovery",
                    "discovery.clients.office.connect-timeout", "PT0.5S",
                    "discovery.check-interval", "PT1H");
        }
    }

    @Test
    void podStartsButIsNotReadyAndSaysWhy() throws InterruptedException {
        given().when().get("/q/health/live").then().statusCode(200);

        // The start-up fetch fails in the background; wait (bounded) until it has said why.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (given().get("/discovery/clients/office").then().extract().path("lastError") == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'wopi-discovery' }.data.office", startsWith("MISSING: "));
        given().when().get("/discovery/clients/office").then().statusCode(200).body("state", equalTo("MISSING"));
    }

    @Test
    void requestsThatNeedTheDocumentAre503WithRetryAfter() {
        given().when().get("/discovery/clients/office/apps").then().statusCode(503)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json")
                .body("detail", containsString("no discovery document for office"));
        given().when().get("/discovery/clients/default/proof-keys").then().statusCode(503);
    }
}
