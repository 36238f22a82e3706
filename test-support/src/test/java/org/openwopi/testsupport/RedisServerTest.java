package org.openwopi.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void keyWrittenOverTheWireIsReadBack() {
        try (RedisServer redis = new RedisServer().start()) {
            assertThat(redis.command("SET", "wopi:probe", "hello")).isEqualTo("+OK");
            assertThat(redis.command("GET", "wopi:probe")).isEqualTo("$5");
            assertThat(redis.command("STRLEN", "wopi:probe")).isEqualTo(":5");
        }
    }

    @Test
    void stopEndsTheServerAndDeletesItsDirectory() {
        RedisServer redis = new RedisServer().start();
        Path dir = redis.dir();
        assertThat(dir).exists();

        redis.stop();

        assertThat(redis.isRunning()).isFalse();
        assertThat(ServerProcess.acceptsConnections(redis.port())).isFalse();
        assertThat(dir).doesNotExist();
    }

    @Test
    void killedServerComesBackOnTheSamePortEmpty() {
        try (RedisServer redis = new RedisServer().start()) {
            redis.command("SET", "k", "v");
            redis.kill();
            assertThat(ServerProcess.acceptsConnections(redis.port())).isFalse();

            redis.start();

            assertThat(redis.command("EXISTS", "k")).isEqualTo(":0");
        }
    }
}
