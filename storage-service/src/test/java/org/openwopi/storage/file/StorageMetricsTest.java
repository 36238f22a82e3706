package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class StorageMetricsTest {

    @Test
    void bytesConflictsAndPerOperationTimersAreExported() {
        String id = given().queryParam("name", "m-" + UUID.randomUUID() + ".docx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body(new byte[1000]).when().post("/files").then().statusCode(201).extract().path("id");
        given().when().get("/files/{id}/content", id).then().statusCode(200);
        given().header("If-Match", "\"9\"").contentType(ContentType.BINARY).body(new byte[1]).when().put("/files/{id}/content", id)
                .then().statusCode(412);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("wopi_storage_bytes_total{direction=\"in\"}")
                .contains("wopi_storage_bytes_total{direction=\"out\"}")
                .contains("wopi_storage_conflicts_total{code=\"PRECONDITION_FAILED\"}")
                .contains("http_server_requests_seconds_count{method=\"PUT\"")
                .contains("uri=\"/files/{id}/content\"");
    }
}
