package org.openwopi.wopi.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.common.serviceauth.ServiceTokens;
import org.openwopi.testsupport.PostgresServer;
import org.openwopi.testsupport.RedisServer;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.OfficeDouble;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Redis, PostgreSQL and the WOPI client's discovery going away and coming back: the calls that need the missing
 * piece answer 503 at once, the rest go on, and everything recovers without restarting a service.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class DependencyRestartIT {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Inject
    AccessTokens tokens;

    @Inject
    ServiceTokens credentials;

    @Test
    void redisStoppedLocksAnswer503WithinASecondReadsGoOnAndRecoveryNeedsNoRestart() {
        WopiClient wopi = new WopiClient(tokens);
        String id = WopiClient.createFile("Redis.docx", "alice", null, "kept".getBytes(StandardCharsets.UTF_8));
        RedisServer redis = WopiStackResource.stack().redis();
        redis.halt();
        try {
            long started = System.nanoTime();
            Response refused = lock(wopi, id, "A");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(millis).as("LOCK answered after %d ms", millis).isLessThan(1_000);
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200);
            assertThat(wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get().asString()).isEqualTo("kept");
        } finally {
            redis.relaunch();
        }
        assertThat(eventually(() -> lock(wopi, id, "A").statusCode())).isEqualTo(200);
    }

    @Test
    void postgresqlRestartedStorageRecoversWithoutARestart() {
        WopiClient wopi = new WopiClient(tokens);
        String id = WopiClient.createFile("Postgres.docx", "alice", null, "kept".getBytes(StandardCharsets.UTF_8));
        PostgresServer postgres = WopiStackResource.stack().postgres();
        postgres.halt();
        try {
            long started = System.nanoTime();
            int status = wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().statusCode();
            assertThat(status).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            postgres.relaunch();
        }
        assertThat(eventually(() -> wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().statusCode())).isEqualTo(200);
        assertThat(wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get().asString()).isEqualTo("kept");
        lock(wopi, id, "P").then().statusCode(200);
        wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).override("PUT").header("X-WOPI-Lock", "P")
                .body("saved after the restart".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(200);
    }

    @Test
    void theWopiClientsDiscoveryDownProofsAndHostPagesWorkFromTheCachedCopy() {
        WopiClient wopi = new WopiClient(tokens);
        String id = WopiClient.createFile("Discovery.docx", "alice", null, "kept".getBytes(StandardCharsets.UTF_8));
        OfficeDouble office = WopiStackResource.stack().office();
        office.discoveryAvailable(false);
        try {
            // discovery-service tries again, fails, and keeps serving the copy it has.
            given().header("Authorization", credentials.authorization("discovery-service"))
                    .post(WopiStackResource.stack().discovery().url() + "/discovery/clients/office/refresh")
                    .then().statusCode(503);
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200);
            lock(wopi, id, "D").then().statusCode(200);
            Users.as("alice").get("/host/" + id + "?action=edit").then().statusCode(200);
        } finally {
            office.discoveryAvailable(true);
        }
    }

    private static Response lock(WopiClient wopi, String id, String lockId) {
        return wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("LOCK").header("X-WOPI-Lock", lockId).post();
    }

    /** Polls until the answer is 200 or the recovery time is spent; answers the last status. */
    private static int eventually(Supplier<Integer> status) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        int last = status.get();
        while (last != 200 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = status.get();
        }
        return last;
    }
}
