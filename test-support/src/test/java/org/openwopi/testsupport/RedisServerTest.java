package org.openwopi.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void keyWrittenOverTheWireIsReadBack() throws IOException {
        try (RedisServer redis = new RedisServer().start()) {
            assertThat(command(redis.port(), "SET", "wopi:probe", "hello")).isEqualTo("+OK");
            assertThat(command(redis.port(), "GET", "wopi:probe")).isEqualTo("$5");
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
    void killedServerComesBackOnTheSamePortEmpty() throws IOException {
        try (RedisServer redis = new RedisServer().start()) {
            command(redis.port(), "SET", "k", "v");
            redis.kill();
            assertThat(ServerProcess.acceptsConnections(redis.port())).isFalse();

            redis.start();

            assertThat(command(redis.port(), "EXISTS", "k")).isEqualTo(":0");
        }
    }

    /** One RESP command; returns the first reply line. */
    private static String command(int port, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            if (first.startsWith("$") && !first.equals("$-1")) {
                assertThat(in.readLine()).isEqualTo("hello");
            }
            return first;
        }
    }
}
