package org.openwopi.storage.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class ReadinessTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    Pool pool;

    @Test
    void readinessIsUpWithPostgresAndAWritableBlobDirectory() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("blob-store", "Reactive PostgreSQL connections health check"));
    }

    @Test
    void rowWrittenThroughTheServicePoolIsReadBackFromTheRealServer() {
        pool.query("CREATE TABLE IF NOT EXISTS foundation_probe (id int PRIMARY KEY, name text NOT NULL)").execute()
                .chain(() -> pool.query("INSERT INTO foundation_probe VALUES (1, 'report.docx') ON CONFLICT DO NOTHING").execute())
                .await().atMost(Duration.ofSeconds(10));

        Row row = pool.query("SELECT name FROM foundation_probe WHERE id = 1").execute()
                .await().atMost(Duration.ofSeconds(10))
                .iterator().next();

        assertThat(row.getString("name")).isEqualTo("report.docx");
    }
}
