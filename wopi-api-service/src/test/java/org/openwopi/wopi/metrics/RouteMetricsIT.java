package org.openwopi.wopi.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Finding 10: made-up file ids cannot fill the metrics' URI tags; every WOPI request is tagged by its route. */
@QuarkusTest
@TestProfile(RouteMetricsIT.WithHttpMetrics.class)
@WithTestResource(WopiStackResource.class)
class RouteMetricsIT {

    /** The HTTP server's meters, off in the other tests (see application.properties), as production has them. */
    public static class WithHttpMetrics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.micrometer.binder.vertx.enabled", "true");
        }
    }

    @Test
    void requestsAreTaggedByRouteNeverById() {
        String first = UUID.randomUUID().toString();
        given().get("/wopi/files/" + first).then().statusCode(401);
        for (int i = 0; i < 300; i++) {
            given().get("/wopi/files/" + UUID.randomUUID() + "/contents").then().statusCode(401);
        }
        given().get("/wopi/containers/" + UUID.randomUUID() + "/children").then().statusCode(401);
        given().get("/wopi/nothing/here").then().statusCode(404);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(first).doesNotContainPattern("uri=\"/wopi/files/[0-9a-f-]{36}");
        assertThat(metrics).contains("uri=\"/wopi/files/{id}\"").contains("uri=\"/wopi/files/{id}/contents\"")
                .contains("uri=\"/wopi/containers/{id}/children\"");
    }
}
