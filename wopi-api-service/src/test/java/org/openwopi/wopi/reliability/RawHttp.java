package org.openwopi.wopi.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a bare socket, for requests no well-behaved client library would send: raw paths, odd methods,
 * bodies shorter than their Content-Length. Every read is bounded by a timeout, so a server that hangs fails the test.
 */
final class RawHttp {

    private static final int MAX_RESPONSE = 1024 * 1024;

    private RawHttp() {
    }

    /** What came back: a status (-1 when the server closed without answering) and the body. */
    record Answer(int status, String head, String body, boolean timedOut) {
    }

    /**
     * Sends {@code head} (request line and headers, CRLF-terminated, without the blank line) and {@code body}; with
     * {@code cutAfter} >= 0, sends only that many body bytes and closes the connection, as a client that dies does.
     */
    static Answer exchange(int port, String head, byte[] body, int cutAfter, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body, 0, cutAfter >= 0 ? Math.min(cutAfter, body.length) : body.length);
            }
            out.flush();
            if (cutAfter >= 0) {
                return new Answer(-1, "", "", false);
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int headEnd = -1;
            long contentLength = -1;
            while (received.size() < MAX_RESPONSE) {
                int n = in.read(buffer);
                if (n == -1) {
                    break;
                }
                received.write(buffer, 0, n);
                String text = received.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0) {
                    headEnd = text.indexOf("\r\n\r\n");
                    if (headEnd >= 0) {
                        contentLength = contentLength(text.substring(0, headEnd));
                    }
                }
                if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + 4 + contentLength) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            return answer(received, true);
        } catch (IOException reset) {
            // The server may close a connection after answering; what was read still counts.
        }
        return answer(received, false);
    }

    private static Answer answer(ByteArrayOutputStream received, boolean timedOut) {
        String text = received.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return new Answer(-1, text, "", timedOut);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        return new Answer(status, headEnd < 0 ? text : text.substring(0, headEnd),
                headEnd < 0 ? "" : text.substring(headEnd + 4), timedOut);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        // Chunked or unsaid: read to the end (requests say Connection: close).
        return -1;
    }
}
