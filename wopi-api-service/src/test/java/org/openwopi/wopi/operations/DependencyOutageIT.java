package org.openwopi.wopi.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.QuarkusAppServer;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A dependency that goes away makes the calls that need it answer 503 at once, with a reason; the rest go on. */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class DependencyOutageIT {

    @Inject
    AccessTokens tokens;

    @Test
    void lockServiceDownAnswers503ForLocksWhileReadsGoOn() {
        WopiClient wopi = new WopiClient(tokens);
        String id = WopiClient.createFile("Outage.docx", "alice", null, "x".getBytes(StandardCharsets.UTF_8));
        QuarkusAppServer lock = WopiStackResource.stack().lock();
        lock.kill();
        try {
            long started = System.nanoTime();
            Response refused = wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("LOCK")
                    .header("X-WOPI-Lock", "L").post();

            refused.then().statusCode(503).header("Retry-After", notNullValue());
            assertThat(refused.asString()).contains("dependency");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200);
            wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get().then().statusCode(200);
        } finally {
            lock.start();
        }
        wopi.request("/wopi/files/" + id, wopi.token("alice", id)).override("LOCK").header("X-WOPI-Lock", "L")
                .post().then().statusCode(200);
    }

    @Test
    void storageServiceDownAnswers503NotA500() {
        WopiClient wopi = new WopiClient(tokens);
        String id = WopiClient.createFile("Outage2.docx", "alice", null, "x".getBytes(StandardCharsets.UTF_8));
        QuarkusAppServer storage = WopiStackResource.stack().storage();
        storage.stop();
        try {
            wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(503);
            wopi.request("/wopi/files/" + id + "/contents", wopi.token("alice", id)).get().then().statusCode(503);
        } finally {
            storage.start();
        }
    }
}
