package org.openwopi.lock.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.InjectServer;
import org.openwopi.testsupport.RedisResource;
import org.openwopi.testsupport.RedisServer;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisReadinessTest {

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @InjectServer
    RedisServer redis;

    @Inject
    ReactiveRedisDataSource redisClient;

    @Test
    void readinessIsUpWhileRedisAnswers() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Redis connection health check"));
    }

    @Test
    void livenessDoesNotDependOnRedis() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void keyWrittenThroughTheServiceClientIsReadBackFromTheRealServer() {
        redisClient.value(String.class).set("foundation:probe", "written by lock-service").await().atMost(Duration.ofSeconds(5));

        String read = redisClient.value(String.class).get("foundation:probe").await().atMost(Duration.ofSeconds(5));

        assertThat(read).isEqualTo("written by lock-service");
    }

    @Test
    void readinessGoesDownWhenRedisDiesAndBackUpWhenItReturns() {
        redis.kill();
        try {
            given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            redis.start();
        }
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
