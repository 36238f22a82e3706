package org.openwopi.wopi.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.OtlpCollector;
import org.openwopi.testsupport.OtlpCollector.CollectedSpan;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One trace per WOPI request, from the edge through lock- and storage-service to Redis and PostgreSQL, with Office's
 * ids on the edge span and in every log line of the request, and never a credential in either.
 */
@QuarkusTest
@WithTestResource(value = WopiStackResource.class, initArgs = {
        @ResourceArg(name = WopiStackResource.TRACES, value = "collect")})
class TracingIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(20);

    @Inject
    AccessTokens tokens;

    private record Session(String fileId, String token, String correlation, String session) {
    }

    /** alice's file, opened for editing, locked, and saved once with Office's ids on the save. */
    private Session savedOnce(WopiClient wopi) {
        String id = Users.as("alice").contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", WopiClient.unique("Traced") + ".docx").post("/api/files").then().statusCode(201)
                .extract().path("id");
        String token = Users.as("alice").post("/api/files/" + id + "/launch?action=edit").then().statusCode(200)
                .extract().path("accessToken");
        Session session = new Session(id, token, UUID.randomUUID().toString(), "session-" + UUID.randomUUID());
        wopi.request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "L1").post().then().statusCode(200);
        wopi.request("/wopi/files/" + id + "/contents", token).override("PUT").header("X-WOPI-Lock", "L1")
                .header("X-WOPI-CorrelationID", session.correlation()).header("X-WOPI-SessionId", session.session())
                .body(new byte[] {1, 2, 3}).post().then().statusCode(200);
        return session;
    }

    private static Optional<CollectedSpan> edgeSpan(List<CollectedSpan> spans, String correlation) {
        return spans.stream().filter(span -> span.service().equals("wopi-api-service")
                && span.kind() == CollectedSpan.KIND_SERVER
                && correlation.equals(span.attributes().get("wopi.correlation_id"))).findFirst();
    }

    /** The instrumentation's own name for the database, under the old key or the new one ("postgres" or "postgresql"). */
    private static boolean isDatabase(CollectedSpan span, String system) {
        String named = span.attributes().getOrDefault("db.system", span.attributes().getOrDefault("db.system.name", ""));
        return named.startsWith(system);
    }

    private static boolean complete(List<CollectedSpan> spans, String correlation) {
        Optional<CollectedSpan> edge = edgeSpan(spans, correlation);
        if (edge.isEmpty()) {
            return false;
        }
        List<CollectedSpan> trace = spans.stream().filter(span -> span.traceId().equals(edge.get().traceId())).toList();
        // A child ends, and may be exported, a batch before its parent: the trace is whole once every parent is in.
        Set<String> ids = trace.stream().map(CollectedSpan::spanId).collect(Collectors.toSet());
        return trace.stream().allMatch(span -> span.parentSpanId().isEmpty() || ids.contains(span.parentSpanId()))
                && trace.stream().anyMatch(span -> span.service().equals("lock-service") && isDatabase(span, "redis"))
                && trace.stream().anyMatch(span -> span.service().equals("storage-service") && isDatabase(span, "postgres"));
    }

    @Test
    void aPutFileIsOneTraceFromTheEdgeThroughLockAndStorageServiceToRedisAndPostgres() {
        WopiClient wopi = new WopiClient(tokens);
        Session saved = savedOnce(wopi);
        OtlpCollector collector = WopiStackResource.stack().traces();

        List<CollectedSpan> all = collector.await(spans -> complete(spans, saved.correlation()), ARRIVAL);

        CollectedSpan edge = edgeSpan(all, saved.correlation()).orElseThrow();
        assertThat(edge.parentSpanId()).as("the edge span starts the trace").isEmpty();
        assertThat(edge.attributes()).containsEntry("wopi.operation", "PUT_FILE")
                .containsEntry("wopi.file_id", saved.fileId())
                .containsEntry("wopi.session_id", saved.session())
                .containsKey("wopi.client");
        List<CollectedSpan> trace = all.stream().filter(span -> span.traceId().equals(edge.traceId())).toList();
        Map<String, CollectedSpan> byId = trace.stream().collect(Collectors.toMap(CollectedSpan::spanId, Function.identity()));
        // Every span of the trace hangs from the edge span: none lost its parent on the way.
        for (CollectedSpan span : trace) {
            assertThat(ancestors(span, byId)).as("the ancestry of %s (%s)", span.name(), span.service())
                    .last().isEqualTo(edge);
        }
        // Each internal service's work sits under one of wopi-api-service's calls to it.
        for (String service : List.of("lock-service", "storage-service")) {
            List<CollectedSpan> served = trace.stream()
                    .filter(span -> span.service().equals(service) && span.kind() == CollectedSpan.KIND_SERVER).toList();
            assertThat(served).as("%s's server spans", service).isNotEmpty();
            for (CollectedSpan server : served) {
                CollectedSpan caller = byId.get(server.parentSpanId());
                assertThat(caller.service()).isEqualTo("wopi-api-service");
                assertThat(caller.kind()).isEqualTo(CollectedSpan.KIND_CLIENT);
                assertThat(caller.attributes()).containsEntry("peer.service", service);
            }
        }
        assertThat(trace).anyMatch(span -> span.service().equals("storage-service")
                && span.kind() == CollectedSpan.KIND_SERVER && span.attributes().getOrDefault("url.path", "")
                        .equals("/files/" + saved.fileId() + "/content"));
        System.out.println("A PutFile's trace:\n" + OtlpCollector.tree(trace));
    }

    @Test
    void noSpanAndNoLogLineCarriesAnAccessTokenOrAProofAndEveryLineOfTheRequestNamesItsTraceAndCorrelationId()
            throws IOException {
        WopiClient wopi = new WopiClient(tokens);
        Session saved = savedOnce(wopi);
        // A request refused by lock-service: a line at DEBUG in both services, with the trace and correlation id.
        String conflict = UUID.randomUUID().toString();
        wopi.request("/wopi/files/" + saved.fileId(), saved.token()).override("LOCK").header("X-WOPI-Lock", "other")
                .header("X-WOPI-CorrelationID", conflict).post().then().statusCode(409);
        // The content through CheckFileInfo's FileUrl, whose query carries a token of its own.
        String fileUrl = wopi.request("/wopi/files/" + saved.fileId(), saved.token()).get().then().statusCode(200)
                .extract().path("FileUrl");
        io.restassured.RestAssured.given().urlEncodingEnabled(false).get(fileUrl).then().statusCode(200);
        String fileUrlToken = fileUrl.substring(fileUrl.indexOf("t=") + 2);
        OtlpCollector collector = WopiStackResource.stack().traces();

        List<CollectedSpan> spans = collector.await(all -> complete(all, saved.correlation())
                && edgeSpan(all, conflict).isPresent()
                && all.stream().anyMatch(span -> span.attributes().getOrDefault("url.path", "").startsWith("/fileurl/")),
                ARRIVAL);

        List<String> secrets = List.of(saved.token(), signature(saved.token()), fileUrlToken, signature(fileUrlToken));
        for (CollectedSpan span : spans) {
            for (String text : span.texts()) {
                for (String secret : secrets) {
                    assertThat(text).as("%s of %s", span.name(), span.service()).doesNotContain(secret);
                }
                assertThat(text).doesNotContainIgnoringCase("X-WOPI-Proof");
            }
        }
        assertThat(spans).filteredOn(span -> span.attributes().containsKey("url.query")
                        && span.attributes().get("url.query").contains("access_token"))
                .isNotEmpty().allSatisfy(span -> assertThat(span.attributes().get("url.query")).contains("access_token=REDACTED"));

        String traceId = edgeSpan(spans, conflict).orElseThrow().traceId();
        WopiStackResource.Stack stack = WopiStackResource.stack();
        List<Path> logs = List.of(WopiStackResource.wopiLog(), stack.lock().log(), stack.storage().log(), stack.discovery().log());
        for (Path log : logs) {
            String lines = Files.readString(log);
            for (String secret : secrets) {
                assertThat(lines).as(log.toString()).doesNotContain(secret);
            }
        }
        // lock-service's console, as text: trace and correlation id on the line.
        assertThat(Files.readAllLines(stack.lock().log())).as("lock-service's line of the refused lock")
                .anyMatch(line -> line.contains("trace=" + traceId) && line.contains("correlation=" + conflict));
        // wopi-api-service's, as JSON (the switch the chart's production values turn on): both in the line's "mdc".
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(WopiStackResource.wopiLog())) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).as("wopi-api-service's JSON line of the refused lock")
                .anyMatch(line -> traceId.equals(line.path("mdc").path("traceId").asText())
                        && conflict.equals(line.path("mdc").path("correlationId").asText())
                        && line.path("message").asText().contains("409"));
    }

    /** The JWT's signature: what would let anyone replay it, were it logged in pieces. */
    private static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    private static List<CollectedSpan> ancestors(CollectedSpan span, Map<String, CollectedSpan> byId) {
        List<CollectedSpan> chain = new ArrayList<>();
        CollectedSpan at = span;
        while (at != null && chain.size() < 50) {
            chain.add(at);
            at = at.parentSpanId().isEmpty() ? null : byId.get(at.parentSpanId());
        }
        return chain;
    }
}
