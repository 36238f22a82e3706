package org.openwopi.wopi.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.common.serviceauth.ServiceTokens;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.ExpiredTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;
import org.openwopi.wopi.support.OfficeDouble;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A seeded fuzz run of malformed WOPI requests: bad and oversized headers, invalid UTF-7, traversal and control
 * characters in ids and names, huge lock ids, wrong methods, truncated bodies, garbage tokens and proofs. Every answer
 * comes within the timeout; none is a 500 but a proof failure (WOPI's own rule); nothing stored changes.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class HostileInputIT {

    private static final long SEED = 20261123L;
    private static final int REQUESTS = 2_400;
    private static final int TIMEOUT_MS = 10_000;
    private static final Duration BUDGET = Duration.ofMinutes(4);

    @Inject
    AccessTokens tokens;

    @Inject
    WopiConfig config;

    @Inject
    ServiceTokens credentials;

    private final Random random = new Random(SEED);
    private String folder;
    private List<String> files;
    private String lockedFile;
    private String othersFile;

    @Test
    void malformedRequestsGetClearRefusalsWithinTheTimeoutAndChangeNothing() throws Exception {
        folder = WopiClient.createFolder(WopiClient.unique("fuzz"), "alice", null);
        files = List.of(WopiClient.createFile("Target.docx", "alice", folder, "target one".getBytes(StandardCharsets.UTF_8)),
                WopiClient.createFile("Second.xlsx", "alice", folder, "target two".getBytes(StandardCharsets.UTF_8)));
        lockedFile = WopiClient.createFile("Locked.docx", "alice", folder, "locked one".getBytes(StandardCharsets.UTF_8));
        othersFile = WopiClient.createFile("Bobs.docx", "bob", null, "bob's".getBytes(StandardCharsets.UTF_8));
        WopiClient wopi = new WopiClient(tokens);
        wopi.request("/wopi/files/" + lockedFile, wopi.token("alice", lockedFile)).override("LOCK").header("X-WOPI-Lock", "fuzz-lock")
                .post().then().statusCode(200);
        Map<String, String> before = snapshot();

        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Long> millis = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        for (; sent < REQUESTS && System.nanoTime() < deadline; sent++) {
            Fuzzed request = next();
            long began = System.nanoTime();
            RawHttp.Answer answer = RawHttp.exchange(WopiStackResource.stack().wopiPort(), request.head(), request.body(),
                    request.cutAfter(), TIMEOUT_MS);
            statuses.merge(request.kind() + " " + answer.status(), 1, Integer::sum);
            millis.merge(request.kind(), (System.nanoTime() - began) / 1_000_000, Long::sum);
            if (answer.timedOut()) {
                problems.add("no answer within " + TIMEOUT_MS + " ms: " + request.summary());
            } else if (answer.status() == 500 && !(request.kind().equals("proof") && answer.body().contains("proof check failed"))) {
                problems.add("500 for " + request.summary() + ": " + answer.body());
            } else if (request.cutAfter() < 0 && answer.status() == -1) {
                problems.add("connection closed without an answer: " + request.summary());
            } else if (answer.status() >= 200 && answer.status() < 300 && request.mustBeRefused()) {
                problems.add(answer.status() + " for " + request.summary());
            }
            if (answer.body().contains("Exception") || answer.body().contains("\tat ")) {
                problems.add("a stack trace leaked for " + request.summary());
            }
        }

        System.out.println("fuzz: milliseconds by kind " + millis + "; answers " + statuses);
        problems.forEach(p -> System.out.println("fuzz problem: " + p));
        assertThat(sent).as("requests sent within %s", BUDGET).isEqualTo(REQUESTS);
        assertThat(problems).as("answers by kind and status: %s", statuses).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
        // Still serving, and the locked file still locked by its holder.
        wopi.request("/wopi/files/" + lockedFile, wopi.token("alice", lockedFile)).override("GET_LOCK").post()
                .then().statusCode(200).header("X-WOPI-Lock", "fuzz-lock");
    }

    /** Name, size, version and hash of every file the fuzz could reach, and what the folder holds. */
    private Map<String, String> snapshot() {
        String storage = WopiStackResource.stack().storage().url();
        String credential = credentials.authorization("storage-service");
        Map<String, String> state = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(files);
        all.add(lockedFile);
        all.add(othersFile);
        for (String id : all) {
            var file = given().header("Authorization", credential).get(storage + "/files/" + id).then().statusCode(200)
                    .extract().jsonPath();
            state.put(id, file.getString("name") + "|" + file.getLong("size") + "|" + file.getLong("version") + "|" + file.getString("sha256"));
        }
        var children = given().header("Authorization", credential).queryParam("userId", "alice").get(storage + "/containers/" + folder + "/children")
                .then().statusCode(200).extract().jsonPath();
        state.put("folder", children.getList("files.id") + "|" + children.getList("containers.id"));
        return state;
    }

    record Fuzzed(String kind, String head, byte[] body, int cutAfter, boolean mustBeRefused, String summary) {
    }

    private Fuzzed next() {
        return switch (random.nextInt(8)) {
            case 0 -> lockAbuse();
            case 1 -> nameAbuse();
            case 2 -> pathAbuse();
            case 3 -> wrongMethod();
            case 4 -> truncatedBody();
            case 5 -> badToken();
            case 6 -> badProof();
            default -> headerAbuse();
        };
    }

    // --- the kinds of abuse ---

    /** Lock ids that are empty, over 1024 characters, or huge; lock operations on a file nobody locked. */
    private Fuzzed lockAbuse() {
        String id = pick(files);
        String override = pick(List.of("LOCK", "LOCK", "REFRESH_LOCK", "UNLOCK", "PUT"));
        String lockId = switch (random.nextInt(3)) {
            case 0 -> "";
            case 1 -> "L".repeat(1025 + random.nextInt(2000));
            default -> "x".repeat(6000 + random.nextInt(20_000));
        };
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-WOPI-Override", override);
        headers.put("X-WOPI-Lock", lockId);
        if (random.nextBoolean()) {
            headers.put("X-WOPI-OldLock", "z".repeat(random.nextInt(3000)));
        }
        String path = override.equals("PUT") ? "/wopi/files/" + id + "/contents" : "/wopi/files/" + id;
        return signed("lock", "POST", path, token("alice", id, EnumSet.allOf(Permission.class)), headers, bytes(64), true);
    }

    /** Rename and PutRelativeFile targets: invalid UTF-7, forbidden characters, traversal, too long, both or neither. */
    private Fuzzed nameAbuse() {
        String id = pick(files);
        // Each is refused whatever the UTF-7 decoder makes of it: a control character (+AAA- is NUL, +AA0- is CR), a
        // reserved character, a separator, blank, or too long.
        List<String> names = List.of("+AAA-", "+AA0-x", "+ZZZ-:", "+ZZZ-/x", "+AFw-", "../../evil", "a/b", "a\\b", "con:1",
                "what?", "star*", "q\"uote", "<tag>", "pipe|", "", " ", "n".repeat(300), "+AC8-etc+AC8-passwd");
        String name = pick(names);
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            headers.put("X-WOPI-Override", "RENAME_FILE");
            headers.put("X-WOPI-RequestedName", name);
            return signed("name", "POST", "/wopi/files/" + id, token("alice", id, EnumSet.allOf(Permission.class)), headers, null, true);
        }
        headers.put("X-WOPI-Override", "PUT_RELATIVE");
        switch (random.nextInt(3)) {
            case 0 -> headers.put("X-WOPI-RelativeTarget", name.isEmpty() ? "+AAA-.docx" : name + (random.nextBoolean() ? "" : ".docx"));
            case 1 -> {
                headers.put("X-WOPI-RelativeTarget", "Both.docx");
                headers.put("X-WOPI-SuggestedTarget", ".docx");
            }
            default -> headers.put("X-WOPI-Size", "not-a-number");
        }
        if (headers.containsKey("X-WOPI-RelativeTarget") && headers.size() == 2 && isHarmlessName(name)) {
            headers.put("X-WOPI-RelativeTarget", "+AAA-" + name);
        }
        return signed("name", "POST", "/wopi/files/" + id, token("alice", id, EnumSet.allOf(Permission.class)), headers, bytes(32), true);
    }

    /** Ids with traversal, encoded separators, control characters, unicode or thousands of characters. */
    private Fuzzed pathAbuse() {
        String weird = pick(List.of("..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%00", "a%0d%0aSet-Cookie:%20x=1", "%C3%BC",
                "%ff%fe", "x".repeat(5000), "files", "%2F", "a%2Fb", "\u00e9t\u00e9", "*", "%", "%zz"));
        String suffix = pick(List.of("", "/contents", "/ancestry", "/../../q/health", "/contents/extra"));
        String path = "/wopi/files/" + weird + suffix;
        return signed("path", random.nextBoolean() ? "GET" : "POST", path, token("alice", weird, EnumSet.allOf(Permission.class)),
                Map.of("X-WOPI-Override", pick(List.of("LOCK", "PUT", "GET_LOCK", "DELETE"))), null, false);
    }

    /** Methods the WOPI endpoints do not take. */
    private Fuzzed wrongMethod() {
        String id = pick(files);
        String method = pick(List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "PROPFIND", "FOO"));
        String path = pick(List.of("/wopi/files/" + id, "/wopi/files/" + id + "/contents", "/wopi/containers/" + folder));
        String token = path.contains("containers") ? containerToken() : token("alice", id, EnumSet.allOf(Permission.class));
        // HEAD and OPTIONS may be answered (like GET, or with the allowed methods); they change nothing either way.
        boolean harmless = method.equals("HEAD") || method.equals("OPTIONS");
        return signed("method", method, path, token, Map.of(), method.equals("HEAD") ? null : bytes(16), !harmless);
    }

    /** PutFile bodies shorter than their Content-Length: the client dies mid-upload, on the locked file too. */
    private Fuzzed truncatedBody() {
        String id = random.nextBoolean() ? lockedFile : pick(files);
        byte[] body = bytes(1024 + random.nextInt(64 * 1024));
        Fuzzed put = signed("truncated", "POST", "/wopi/files/" + id + "/contents", token("alice", id, EnumSet.allOf(Permission.class)),
                Map.of("X-WOPI-Override", "PUT", "X-WOPI-Lock", "fuzz-lock"), body, true);
        return new Fuzzed(put.kind(), put.head(), body, random.nextInt(body.length - 1), true, put.summary() + " cut short");
    }

    /** Tokens: garbage, huge, tampered, expired, for another file, another user's, or without the permission. */
    private Fuzzed badToken() {
        String id = pick(files);
        String valid = token("alice", id, EnumSet.allOf(Permission.class));
        int kind = random.nextInt(8);
        String token = switch (kind) {
            case 0 -> "";
            case 1 -> "garbage-" + random.nextInt();
            case 2 -> "a".repeat(1501 + random.nextInt(10_000));
            case 3 -> tamper(valid);
            case 4 -> ExpiredTokens.expired(config, "alice", id, EnumSet.allOf(Permission.class));
            case 5 -> token("alice", pick(files.stream().filter(f -> !f.equals(id)).toList()), EnumSet.allOf(Permission.class));
            case 6 -> token("bob", othersFile, EnumSet.allOf(Permission.class));
            default -> token("alice", id, EnumSet.of(Permission.VIEW));
        };
        // PutUserInfo is open to a view-only token (the information is the user's, not the file's).
        String override = pick(kind == 7 ? List.of("LOCK", "PUT", "RENAME_FILE", "DELETE")
                : List.of("LOCK", "PUT", "RENAME_FILE", "DELETE", "PUT_USER_INFO"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-WOPI-Override", override);
        headers.put("X-WOPI-Lock", "fuzz-" + random.nextInt(1000));
        headers.put("X-WOPI-RequestedName", "Renamed");
        String path = override.equals("PUT") ? "/wopi/files/" + id + "/contents" : "/wopi/files/" + id;
        return signed("token", "POST", path, token, headers, bytes(16), true);
    }

    /** Proofs: garbage, a stranger's key, older than 20 minutes, from the future, a timestamp that is no number. */
    private Fuzzed badProof() {
        String id = pick(files);
        String token = token("alice", id, EnumSet.allOf(Permission.class));
        String path = "/wopi/files/" + id;
        String url = WopiStackResource.stack().publicBaseUrl() + path + query(token);
        Map<String, String> proof = switch (random.nextInt(5)) {
            case 0 -> Map.of("X-WOPI-Proof", Base64.getEncoder().encodeToString(bytes(256)),
                    "X-WOPI-ProofOld", "not base64 at all", "X-WOPI-TimeStamp", ticksNow());
            case 1 -> OfficeDouble.proofHeaders(token, url, Instant.now(), OfficeDouble.strangerKey(), OfficeDouble.strangerKey());
            case 2 -> WopiStackResource.stack().office().proofHeadersAt(token, url, Instant.now().minus(Duration.ofMinutes(21)));
            case 3 -> WopiStackResource.stack().office().proofHeadersAt(token, url, Instant.now().plus(Duration.ofMinutes(30)));
            default -> Map.of("X-WOPI-Proof", "", "X-WOPI-ProofOld", "", "X-WOPI-TimeStamp", "yesterday");
        };
        Map<String, String> headers = new LinkedHashMap<>(proof);
        headers.put("X-WOPI-Override", pick(List.of("LOCK", "GET_LOCK", "RENAME_FILE")));
        headers.put("X-WOPI-Lock", "proof-fuzz");
        headers.put("X-WOPI-RequestedName", "Renamed");
        return raw("proof", "POST", path + query(token), headers, null, -1, true);
    }

    /** Headers with the wrong type, size or encoding, and overrides nobody defined. */
    private Fuzzed headerAbuse() {
        String id = pick(files);
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(5)) {
            case 0 -> headers.put("X-WOPI-Override", "NOT_AN_OVERRIDE_" + random.nextInt(100));
            case 1 -> {
                headers.put("X-WOPI-Override", "PUT_USER_INFO");
                return signed("header", "POST", "/wopi/files/" + id, token("alice", id, EnumSet.allOf(Permission.class)), headers,
                        ("u".repeat(1025 + random.nextInt(5000))).getBytes(StandardCharsets.UTF_8), true);
            }
            case 2 -> {
                headers.put("X-WOPI-Override", "PUT");
                headers.put("X-WOPI-Lock", "fuzz-lock");
                headers.put("X-WOPI-Size", pick(List.of("-1", "abc", "99999999999999999999999")));
                headers.put("Content-Length", "not-a-length");
                return raw("header", "POST", "/wopi/files/" + id + "/contents" + query(token("alice", id, EnumSet.allOf(Permission.class))),
                        withProof(headers, token("alice", id, EnumSet.allOf(Permission.class)), "/wopi/files/" + id + "/contents"), null, -1, true);
            }
            case 3 -> {
                headers.put("X-WOPI-MaxExpectedSize", pick(List.of("-5", "abc", "1e9", "99999999999999999999")));
                return signed("header", "GET", "/wopi/files/" + id + "/contents", token("alice", id, EnumSet.allOf(Permission.class)),
                        headers, null, false);
            }
            default -> headers.put("X-Junk-" + random.nextInt(10), "j".repeat(20_000 + random.nextInt(20_000)));
        }
        return signed("header", "POST", "/wopi/files/" + id, token("alice", id, EnumSet.allOf(Permission.class)), headers, null, true);
    }

    // --- building requests ---

    private Fuzzed signed(String kind, String method, String path, String token, Map<String, String> headers, byte[] body,
                          boolean mustBeRefused) {
        return raw(kind, method, path + query(token), withProof(new LinkedHashMap<>(headers), token, path), body, -1, mustBeRefused);
    }

    private Map<String, String> withProof(Map<String, String> headers, String token, String path) {
        String url = WopiStackResource.stack().publicBaseUrl() + path + query(token);
        Map<String, String> all = new LinkedHashMap<>(WopiStackResource.stack().office().proofHeaders(token, url));
        all.putAll(headers);
        return all;
    }

    private Fuzzed raw(String kind, String method, String target, Map<String, String> headers, byte[] body, int cutAfter,
                       boolean mustBeRefused) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(WopiStackResource.stack().wopiPort()).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null && !headers.containsKey("Content-Length")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        Map<String, String> shown = new LinkedHashMap<>(headers);
        shown.keySet().removeIf(name -> name.startsWith("X-WOPI-Proof") || name.equals("X-WOPI-TimeStamp"));
        String summary = kind + " " + method + " " + abbreviate(target) + " " + abbreviate(shown.toString());
        return new Fuzzed(kind, head.toString(), body, cutAfter, mustBeRefused, summary);
    }

    private String token(String user, String fileId, Set<Permission> permissions) {
        return tokens.mint(user, user, Resource.file(fileId), permissions).token();
    }

    private String containerToken() {
        return tokens.mint("alice", "alice", Resource.container(folder), EnumSet.allOf(Permission.class)).token();
    }

    private static String query(String token) {
        return "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&access_token_ttl=0";
    }

    private String tamper(String token) {
        char[] chars = token.toCharArray();
        int at = token.indexOf('.') + 5 + random.nextInt(10);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private static String ticksNow() {
        return Long.toString(Instant.now().toEpochMilli() * 10_000 + 621_355_968_000_000_000L);
    }

    private static boolean isHarmlessName(String name) {
        return name.matches("[A-Za-z0-9 ]+");
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
    }
}
