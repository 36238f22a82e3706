package org.openwopi.wopi.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

/**
 * A signed WOPI request whose body is produced while it is sent (never held in memory), for the large and the
 * deliberately slow uploads of the reliability tests.
 */
final class StreamingPut {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private StreamingPut() {
    }

    /** What the client saw: a status, or the connection failing under it. */
    record Outcome(int status, String body, IOException failure) {
        boolean failed() {
            return failure != null || status >= 400;
        }
    }

    static Outcome send(String path, String token, Map<String, String> headers, InputStream body, Duration timeout) {
        String url = WopiClient.url(path, token);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
        WopiStackResource.stack().office().proofHeaders(token, url).forEach(request::header);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Outcome(-1, "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} pseudo-random bytes; {@code atOffset} runs once when that many have been read. */
    static InputStream generated(long size, long atOffset, Runnable action) {
        return new InputStream() {
            private long position;
            private boolean acted;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                if (!acted && position >= atOffset) {
                    acted = true;
                    action.run();
                }
                int n = (int) Math.min(length, size - position);
                for (int i = 0; i < n; i++) {
                    target[offset + i] = (byte) ((position + i) * 31 >>> 3);
                }
                position += n;
                return n;
            }
        };
    }
}
