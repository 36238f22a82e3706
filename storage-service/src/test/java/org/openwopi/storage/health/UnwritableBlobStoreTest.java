package org.openwopi.storage.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(UnwritableBlobStoreTest.BlobRootUnderAFile.class)
@WithTestResource(PostgresResource.class)
class UnwritableBlobStoreTest {

    /** A path below a regular file can never become a directory, even for root. */
    public static class BlobRootUnderAFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("storage.blob.filesystem.root", "pom.xml/blobs");
        }
    }

    @Test
    void readinessIsDownWithTheReasonWhenTheBlobDirectoryCannotBeWritten() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'blob-store' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'blob-store' }.data.reason", containsString("not writable"));
    }
}
