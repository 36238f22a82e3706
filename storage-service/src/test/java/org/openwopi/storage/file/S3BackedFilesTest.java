package org.openwopi.storage.file;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;
import org.openwopi.testsupport.S3ProxyResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The same API with blobs in an S3-compatible store (a private S3Proxy, signatures checked). */
@QuarkusTest
@TestProfile(S3BackedFilesTest.S3Blobs.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(S3ProxyResource.class)
class S3BackedFilesTest {

    public static class S3Blobs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("storage.blob.type", "s3", "storage.blob.s3.bucket", S3ProxyResource.DEFAULT_BUCKET,
                    "storage.blob.s3.prefix", "wopi/", "storage.blob.s3.part-size", "5M");
        }
    }

    @Test
    void readinessReportsTheS3Store() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'blob-store' }.data.type", equalTo("s3"));
    }

    @Test
    void multipartSizedContentRoundTripsWithRangesAndVersions() {
        byte[] content = new byte[11 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        String id = given().queryParam("name", "big-" + UUID.randomUUID() + ".pptx").queryParam("ownerId", "alice")
                .contentType(ContentType.BINARY).body(content).when().post("/files").then().statusCode(201)
                .body("size", equalTo(content.length)).extract().path("id");

        byte[] read = given().when().get("/files/{id}/content", id).then().statusCode(200)
                .header("Content-Length", String.valueOf(content.length)).extract().asByteArray();
        assertThat(read).isEqualTo(content);
        byte[] tail = given().header("Range", "bytes=-5").when().get("/files/{id}/content", id).then().statusCode(206)
                .extract().asByteArray();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(content, content.length - 5, content.length));

        given().header("If-Match", "\"1\"").contentType(ContentType.BINARY).body("small now".getBytes())
                .when().put("/files/{id}/content", id).then().statusCode(200).body("version", equalTo(2));
        given().when().get("/files/{id}/content", id).then().statusCode(200).body(equalTo("small now"));
    }
}
