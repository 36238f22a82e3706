package org.openwopi.wopi.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Lockers racing for one file, and a save from an editor whose lock expired racing a new editor's. */
@QuarkusTest
@WithTestResource(value = WopiStackResource.class, initArgs = @ResourceArg(name = "lock.ttl", value = "PT2S"))
class LockRaceIT {

    private static final int LOCKERS = 64;
    private static final int ROUNDS = 200;
    private static final Duration BUDGET = Duration.ofMinutes(3);

    @Inject
    AccessTokens tokens;

    @Test
    void sixtyFourLockersWithDistinctIdsGetExactlyOneWinnerEveryRound() throws Exception {
        WopiClient wopi = new WopiClient(tokens);
        String id = WopiClient.createFile("Contested.docx", "alice", null, "x".getBytes(StandardCharsets.UTF_8));
        String token = wopi.token("alice", id);
        String url = WopiClient.url("/wopi/files/" + id, token);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int rounds = 0;
        for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
            // One proof per round: it signs the token, the URL and the time, the same for all 64 requests.
            Map<String, String> proof = WopiStackResource.stack().office().proofHeaders(token, url);
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int locker = 0; locker < LOCKERS; locker++) {
                HttpRequest.Builder lock = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                        .header("X-WOPI-Override", "LOCK").header("X-WOPI-Lock", "round-" + round + "-locker-" + locker)
                        .POST(HttpRequest.BodyPublishers.noBody());
                proof.forEach(lock::header);
                answers.add(http.sendAsync(lock.build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<String> winners = new ArrayList<>();
            int conflicts = 0;
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    winners.add(response.request().headers().firstValue("X-WOPI-Lock").orElseThrow());
                } else {
                    assertThat(response.statusCode()).as("round %d: %s", round, response.body()).isEqualTo(409);
                    conflicts++;
                }
            }
            assertThat(winners).as("round %d", round).hasSize(1);
            assertThat(conflicts).isEqualTo(LOCKERS - 1);
            wopi.request("/wopi/files/" + id, token).override("UNLOCK").header("X-WOPI-Lock", winners.get(0)).post()
                    .then().statusCode(200);
            rounds++;
        }
        assertThat(rounds).as("rounds run within %s", BUDGET).isEqualTo(ROUNDS);
    }

    @Test
    void aSaveFromAnEditorWhoseLockExpiredIsRefusedAndTheNewEditorsContentSurvives() throws Exception {
        WopiClient wopi = new WopiClient(tokens);
        String id = WopiClient.createFile("Handover.docx", "alice", null, "original".getBytes(StandardCharsets.UTF_8));
        String aliceToken = wopi.token("alice", id);
        String bobToken = wopi.token("bob", id);
        wopi.request("/wopi/files/" + id, aliceToken).override("LOCK").header("X-WOPI-Lock", "A").post().then().statusCode(200);

        // Alice's save passes the lock check, then stalls mid-body until her lock has expired and Bob has saved.
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        InputStream aliceBody = new SequenceInputStream(
                new ByteArrayInputStream("alice's stale sa".getBytes(StandardCharsets.UTF_8)),
                StreamingPut.generated(1, 0, () -> {
                    stalled.countDown();
                    await(resume);
                }));
        ExecutorService alice = Executors.newSingleThreadExecutor();
        Future<StreamingPut.Outcome> aliceSave = alice.submit(() -> StreamingPut.send("/wopi/files/" + id + "/contents", aliceToken,
                Map.of("X-WOPI-Override", "PUT", "X-WOPI-Lock", "A", "Content-Type", "application/octet-stream"),
                aliceBody, Duration.ofSeconds(60)));
        try {
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(2_500);
            wopi.request("/wopi/files/" + id, bobToken).override("LOCK").header("X-WOPI-Lock", "B").post().then().statusCode(200);
            wopi.request("/wopi/files/" + id + "/contents", bobToken).override("PUT").header("X-WOPI-Lock", "B")
                    .body("bob's save".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(200);
        } finally {
            resume.countDown();
        }
        StreamingPut.Outcome stale = aliceSave.get(60, TimeUnit.SECONDS);
        alice.shutdownNow();

        assertThat(stale.status()).as("the stale save: %s", stale).isEqualTo(409);
        assertThat(wopi.request("/wopi/files/" + id + "/contents", bobToken).get().asString()).isEqualTo("bob's save");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
