package org.openwopi.wopi.support;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openwopi.common.serviceauth.EcKeys;
import org.openwopi.common.serviceauth.ServiceJwt;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Calls wopi-api-service the way a WOPI client does: the access token in the query, every request signed with the
 * {@link OfficeDouble}'s proof keys over the exact URL sent. Also makes test files and folders in the real
 * storage-service.
 */
public final class WopiClient {

    /** The test profile's service signing key, read once, when a test first sets files up. */
    private static final class SigningKey {
        static final ECPrivateKey KEY = EcKeys.privateKey("src/test/resources/keys/service-private.pem");
    }

    private final AccessTokens tokens;

    public WopiClient(AccessTokens tokens) {
        this.tokens = tokens;
    }

    public String token(String userId, String fileId) {
        return tokens.mint(userId, userId + " Display", Resource.file(fileId), Permission.all()).token();
    }

    public String token(String userId, Resource resource, java.util.Set<Permission> permissions) {
        return tokens.mint(userId, userId, resource, permissions).token();
    }

    /** The absolute URL of a WOPI path with the token in its query, encoded as Office encodes it. */
    public static String url(String path, String token) {
        String base = WopiStackResource.stack().publicBaseUrl();
        return base + path + (path.contains("?") ? "&" : "?") + "access_token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&access_token_ttl=0";
    }

    /**
     * The head of a signed request as raw HTTP/1.1 (request line, Host, {@code headers}, the proof headers, the blank
     * line), for tests that need the socket itself: a client that leaves mid-answer, an interim 100 Continue.
     */
    public static String rawHead(String method, String path, String token, Map<String, String> headers) {
        String url = url(path, token);
        URI target = URI.create(url);
        StringBuilder head = new StringBuilder(method + " " + target.getRawPath() + "?" + target.getRawQuery() + " HTTP/1.1\r\n")
                .append("Host: ").append(target.getHost()).append(':').append(target.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        WopiStackResource.stack().office().proofHeaders(token, url)
                .forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    /** A signed request (proof headers over the URL); add headers and a body, then send it with {@link #send}. */
    public Request request(String path, String token) {
        return new Request(url(path, token), token);
    }

    public static final class Request {
        private final String url;
        private final String token;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private boolean signed = true;

        private Request(String url, String token) {
            this.url = url;
            this.token = token;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request override(String override) {
            return header("X-WOPI-Override", override);
        }

        public Request body(byte[] content) {
            this.body = content;
            return this;
        }

        public Request unsigned() {
            this.signed = false;
            return this;
        }

        public Request proof(Map<String, String> proofHeaders) {
            this.signed = false;
            headers.putAll(proofHeaders);
            return this;
        }

        public String url() {
            return url;
        }

        public Response send(String method) {
            RequestSpecification spec = given().urlEncodingEnabled(false);
            if (signed) {
                spec.headers(WopiStackResource.stack().office().proofHeaders(token, url));
            }
            spec.headers(headers);
            if (body != null) {
                spec.contentType("application/octet-stream").body(body);
            }
            return spec.request(method, url);
        }

        public Response get() {
            return send("GET");
        }

        public Response post() {
            return send("POST");
        }
    }

    /** A file in storage-service owned by {@code owner}, in folder {@code containerId} (null: the top level). */
    public static String createFile(String name, String owner, String containerId, byte[] content) {
        String storage = WopiStackResource.stack().storage().url();
        RequestSpecification spec = given().header("Authorization", storageCredential())
                .contentType("application/octet-stream").body(content)
                .queryParam("name", name).queryParam("ownerId", owner);
        if (containerId != null) {
            spec.queryParam("containerId", containerId);
        }
        return spec.post(storage + "/files").then().statusCode(201).extract().path("id");
    }

    public static String createFolder(String name, String owner, String parentId) {
        String storage = WopiStackResource.stack().storage().url();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("ownerId", owner);
        body.put("parentId", parentId);
        return given().header("Authorization", storageCredential()).contentType("application/json").body(body)
                .post(storage + "/containers")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * What wopi-api-service presents to storage-service, signed here with the test profile's service key: the tests set
     * files up the same way it would, also when the service runs packaged and has no bean to ask.
     */
    static String storageCredential() {
        long now = Instant.now().getEpochSecond();
        return "Bearer " + ServiceJwt.mint(SigningKey.KEY, WopiStackResource.SERVICE_KID,
                new ServiceJwt.Claims("openwopi-wopi-api", "wopi-api-service", "storage-service", now, now + 300));
    }

    public static String unique(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
