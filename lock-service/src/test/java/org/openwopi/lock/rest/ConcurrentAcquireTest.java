package org.openwopi.lock.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.RedisResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RedisResource.class)
class ConcurrentAcquireTest {

    private static final int CONTENDERS = 64;
    private static final int ROUNDS = 50;

    @TestHTTPResource("/locks/")
    URL locks;

    @Test
    void sixtyFourContendersWithDistinctIdsYieldExactlyOneWinnerEveryRound() {
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        HttpClient http = HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String file = "race-" + UUID.randomUUID();
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(locks + file + "/acquire"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"lockId\":\"contender-" + i + "\"}"))
                            .build();
                    calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                }
                List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

                List<HttpResponse<String>> winners = answers.stream().filter(r -> r.statusCode() == 200).toList();
                assertThat(winners).as("round %d winners", round).hasSize(1);
                String winner = winners.get(0).body().replaceAll(".*\"lockId\":\"(contender-\\d+)\".*", "$1");
                Set<Integer> losers = answers.stream().filter(r -> r.statusCode() != 200).map(HttpResponse::statusCode)
                        .collect(Collectors.toSet());
                assertThat(losers).as("round %d losers", round).containsExactly(409);
                assertThat(answers.stream().filter(r -> r.statusCode() == 409))
                        .allSatisfy(r -> assertThat(r.body()).contains("\"currentLockId\":\"" + winner + "\""));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
