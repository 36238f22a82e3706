package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.InjectServer;
import org.openwopi.testsupport.PostgresResource;
import org.openwopi.testsupport.PostgresServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

/** PostgreSQL gone: every call answers 503 with a reason quickly, and readiness says so. Its own app and database. */
@QuarkusTest
@TestProfile(PostgresOutageTest.OwnApp.class)
@WithTestResource(PostgresResource.class)
class PostgresOutageTest {

    /** A profile of its own, so the database this test kills is nobody else's. */
    public static class OwnApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.idle-timeout", "PT1S");
        }
    }

    private static final RestAssuredConfig NO_HANG = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 10_000));

    @InjectServer
    PostgresServer postgres;

    @Test
    void deadDatabaseGives503WithAReasonAndUnreadiness() {
        String id = given().queryParam("name", "before-outage.docx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body("x".getBytes()).when().post("/files").then().statusCode(201).extract().path("id");

        postgres.kill();

        given().config(NO_HANG).when().get("/files/{id}", id).then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("detail", containsString("PostgreSQL"));
        given().config(NO_HANG).when().get("/files/{id}/content", id).then().statusCode(503);
        given().config(NO_HANG).contentType(ContentType.BINARY).body("y".getBytes()).when().put("/files/{id}/content", id)
                .then().statusCode(503);
        given().config(NO_HANG).when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
