package org.openwopi.storage.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application is ready against a real PostgreSQL and a writable blob directory. */
@QuarkusIntegrationTest
@WithTestResource(PostgresResource.class)
class ReadinessIT {

    @Test
    void packagedApplicationIsReadyWithPostgresAndBlobStore() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
