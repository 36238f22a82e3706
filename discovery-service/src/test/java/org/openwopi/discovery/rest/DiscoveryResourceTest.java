package org.openwopi.discovery.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.InjectServer;
import org.openwopi.testsupport.RedisResource;
import org.openwopi.testsupport.RedisServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(RedisResource.class)
@WithTestResource(WopiClientsResource.class)
class DiscoveryResourceTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @InjectServer
    RedisServer redis;

    /** Start-up loads both clients in the background: wait, bounded, until both have a copy. */
    @BeforeEach
    void bothClientsLoaded() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<String> states = given().get("/discovery/clients").then().extract().jsonPath().getList("state");
            if (states.stream().allMatch(s -> !s.equals("MISSING"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("discovery documents were not loaded within 15 s");
    }

    @Test
    void bothClientsAreFetchedAtStartAndFresh() {
        given().when().get("/discovery/clients").then().statusCode(200)
                .body("name", hasItems("office", "collabora"))
                .body("find { it.name == 'office' }.state", equalTo("FRESH"))
                .body("find { it.name == 'office' }.proofKeysPresent", equalTo(true))
                .body("find { it.name == 'collabora' }.netZone", equalTo("external-https"));
    }

    @Test
    void appsOfTheConfiguredZone() {
        given().when().get("/discovery/clients/office/apps").then().statusCode(200)
                .body("netZone", equalTo("external-https"))
                .body("apps.name", hasItems("Word", "Excel", "PowerPoint"));
        given().when().get("/discovery/clients/collabora/apps").then().statusCode(200)
                .body("netZone", equalTo("external-http"));
    }

    @Test
    void actionFallsBackFromEmbedviewToView() {
        given().queryParam("action", "embedview").when().get("/discovery/clients/collabora/actions/pdf").then().statusCode(200)
                .body("name", equalTo("view"))
                .body("app", equalTo("writer"))
                .body("fellBackFrom", equalTo("embedview"));
        given().queryParam("action", "edit").when().get("/discovery/clients/office/actions/docx").then().statusCode(200)
                .body("name", equalTo("edit"))
                .body("requires", hasItems("locks", "update"))
                .body("fellBackFrom", nullValue());
    }

    @Test
    void resolveFillsKnownPlaceholdersAndWopiSrcOnTheDefaultClient() {
        given().contentType(ContentType.JSON)
                .body(Map.of("ext", "docx", "action", "edit", "wopiSrc", "https://wopi.example.com/wopi/files/abc",
                        "placeholders", Map.of("UI_LLCC", "en-US", "DC_LLCC", "en-US", "MADE_UP", "x")))
                .when().post("/discovery/clients/default/resolve").then().statusCode(200)
                .body("url", equalTo("https://office.example.test/we/wordeditorframe.aspx?ui=en-US&rs=en-US"
                        + "&wopisrc=https%3A%2F%2Fwopi.example.com%2Fwopi%2Ffiles%2Fabc"))
                .body("action.client", equalTo("office"))
                .body("action.app", equalTo("Word"));
    }

    @Test
    void resolveAppendsWopiSrcForCollabora() {
        given().contentType(ContentType.JSON)
                .body(Map.of("ext", ".odt", "wopiSrc", "https://wopi.example.com/wopi/files/abc"))
                .when().post("/discovery/clients/collabora/resolve").then().statusCode(200)
                .body("url", equalTo("https://collabora.example.test/browser/3c1d2e4/cool.html?WOPISrc="
                        + "https%3A%2F%2Fwopi.example.com%2Fwopi%2Ffiles%2Fabc"))
                .body("action.name", equalTo("edit"));
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        given().contentType(ContentType.JSON).body(Map.of("ext", "docx", "wopiSrc", "javascript:alert(1)"))
                .when().post("/discovery/clients/office/resolve").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("wopiSrc"));
        given().contentType(ContentType.JSON).body(Map.of("wopiSrc", "https://w/wopi/files/a"))
                .when().post("/discovery/clients/office/resolve").then().statusCode(400).body("detail", containsString("ext"));
    }

    @Test
    void unknownClientExtensionOrActionIs404() {
        given().when().get("/discovery/clients/nobody/apps").then().statusCode(404);
        given().when().get("/discovery/clients/office/actions/exe").then().statusCode(404).body("detail", containsString(".exe"));
        given().queryParam("action", "edit").when().get("/discovery/clients/collabora/actions/pdf").then().statusCode(404);
    }

    @Test
    void proofKeysInBothForms() {
        given().when().get("/discovery/clients/office/proof-keys").then().statusCode(200)
                .body("consistent", equalTo(true))
                .body("current.exponent", equalTo("AQAB"))
                .body("current.modulus", notNullValue())
                .body("current.cspBlob", startsWith("BgIAAACkAABSU0Ex"))
                .body("old.modulus", notNullValue());
    }

    @Test
    void copyIsSharedThroughRedis() {
        assertThat(redis.command("HEXISTS", "wopi:discovery:{office}", "xml")).isEqualTo(":1");
        assertThat(redis.command("HEXISTS", "wopi:discovery:{office}", "fetchedAt")).isEqualTo(":1");
    }

    @Test
    void stormOfForcedRefreshesFetchesOnce() throws Exception {
        int before = WopiClientsResource.fetches("collabora");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                calls.add(pool.submit(() -> given().when().post("/discovery/clients/collabora/refresh").then().extract().statusCode()));
            }
            for (Future<Integer> call : calls) {
                assertThat(call.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(WopiClientsResource.fetches("collabora") - before).isEqualTo(1);
        given().when().post("/discovery/clients/collabora/refresh").then().statusCode(200)
                .body("fetched", equalTo(false)).body("rateLimited", equalTo(true));
    }

    @Test
    void clientDownKeepsTheLastCopyInServiceAndSaysWhy() {
        WopiClientsResource.STATUS.put("office", 503);
        try {
            given().when().post("/discovery/clients/office/refresh").then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .body("detail", containsString("HTTP 503"));

            given().when().get("/discovery/clients/office/apps").then().statusCode(200);
            given().when().get("/discovery/clients/office").then().statusCode(200)
                    .body("lastError", equalTo("HTTP 503"))
                    .body("state", equalTo("FRESH"));
            given().when().get("/q/health/ready").then().statusCode(200);
        } finally {
            WopiClientsResource.STATUS.remove("office");
        }
    }

    @Test
    void readinessStaysUpWhenRedisDiesWhileCopiesExist() {
        redis.kill();
        try {
            given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'wopi-discovery' }.data.office", equalTo("FRESH"));
            given().when().get("/discovery/clients/office/proof-keys").then().statusCode(200);
        } finally {
            redis.start();
        }
    }

    @Test
    void fetchesAreCountedAndTheCopyAgeIsExported() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("wopi_discovery_fetch_total{client=\"office\",result=\"success\"}")
                .contains("wopi_discovery_copy_age_seconds{client=\"collabora\"}");
    }
}
