package org.openwopi.storage.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class UserInfoResourceTest {

    @Test
    void storedInfoIsReadBackAndReplaced() {
        String user = "user-" + UUID.randomUUID();
        given().when().get("/users/{u}/info", user).then().statusCode(200).body("info", equalTo(""));

        given().contentType(ContentType.JSON).body(Map.of("info", "first")).when().put("/users/{u}/info", user).then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("info", "second")).when().put("/users/{u}/info", user).then().statusCode(204);

        given().when().get("/users/{u}/info", user).then().statusCode(200).body("info", equalTo("second"));
    }

    @Test
    void infoOf1024CharactersIsKeptAnd1025Refused() {
        String user = "user-" + UUID.randomUUID();

        given().contentType(ContentType.JSON).body(Map.of("info", "é".repeat(1024))).when().put("/users/{u}/info", user).then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("info", "x".repeat(1025))).when().put("/users/{u}/info", user).then().statusCode(400);

        given().when().get("/users/{u}/info", user).then().body("info", equalTo("é".repeat(1024)));
    }
}
