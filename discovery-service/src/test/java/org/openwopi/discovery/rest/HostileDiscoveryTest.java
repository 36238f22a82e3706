package org.openwopi.discovery.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.RedisResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Finding 8: a discovery answer is read up to discovery.max-document-bytes and no further (a 512 MiB answer once
 * ended in an OutOfMemoryError), and a redirect is not followed.
 */
@QuarkusTest
@WithTestResource(RedisResource.class)
@WithTestResource(HostileClientsResource.class)
class HostileDiscoveryTest {

    private static JsonPath clientsOnceTried() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonPath clients = given().get("/discovery/clients").then().statusCode(200).extract().jsonPath();
            boolean allTried = clients.getList("lastError").stream().allMatch(error -> error != null);
            if (allTried || System.nanoTime() > deadline) {
                return clients;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void oversizedAnswersAreCutOffAndRedirectsAreNotFollowed() throws InterruptedException {
        JsonPath clients = clientsOnceTried();

        assertThat(clients.getString("find { it.name == 'huge' }.lastError")).contains("max-document-bytes");
        assertThat(clients.getString("find { it.name == 'huge' }.state")).isEqualTo("MISSING");
        assertThat(clients.getString("find { it.name == 'declared' }.lastError")).contains("max-document-bytes");
        assertThat(clients.getString("find { it.name == 'moved' }.lastError")).contains("HTTP 302").contains("not followed");
        assertThat(clients.getString("find { it.name == 'moved' }.state")).isEqualTo("MISSING");
        // The reader stopped soon after the limit: far from the 64 MiB the server was ready to send.
        assertThat(HostileClientsResource.SENT.get()).isLessThan(HostileClientsResource.HUGE_LIMIT);
        given().get("/q/health/live").then().statusCode(200);
    }
}
