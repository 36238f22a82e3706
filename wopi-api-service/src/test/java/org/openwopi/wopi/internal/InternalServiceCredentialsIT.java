package org.openwopi.wopi.internal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.common.serviceauth.ServiceTokens;
import org.openwopi.testsupport.QuarkusAppServer;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Being inside the cluster network is not enough: the packaged lock-, storage- and discovery-service answer only
 * calls carrying wopi-api-service's service credential for them, and say why they refuse the rest. Their health
 * stays open for the kubelet.
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class InternalServiceCredentialsIT {

    @Inject
    ServiceTokens credentials;

    private record Target(String audience, QuarkusAppServer server, String path) {
    }

    private static List<Target> targets() {
        WopiStackResource.Stack stack = WopiStackResource.stack();
        return List.of(new Target("lock-service", stack.lock(), "/locks/some-file"),
                new Target("storage-service", stack.storage(), "/files?limit=1"),
                new Target("discovery-service", stack.discovery(), "/discovery/clients"));
    }

    @Test
    void aCallWithoutACredentialIsRefusedWith401AndTheReason() {
        for (Target target : targets()) {
            given().get(target.server().url() + target.path()).then().statusCode(401)
                    .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"))
                    .body("detail", containsString("answers wopi-api-service only"));
        }
    }

    @Test
    void wopiApiServicesCredentialIsAcceptedByTheServiceItNames() {
        for (Target target : targets()) {
            int status = given().header("Authorization", credentials.authorization(target.audience()))
                    .get(target.server().url() + target.path()).then().extract().statusCode();
            // lock-service answers 404 for a file nobody locked: past the credential check, into the service.
            assertThat(status).as(target.audience()).isIn(200, 404);
        }
    }

    /** The folder routes storage-service gained with home folders answer wopi-api-service only, before any work. */
    @Test
    void homeAndNameLookupRoutesAnswerWopiApiServiceOnly() {
        String storage = WopiStackResource.stack().storage().url();
        given().put(storage + "/homes/someone").then().statusCode(401);
        given().get(storage + "/containers/root/children?userId=someone").then().statusCode(401);
        given().get(storage + "/containers/any/entries?name=a.docx").then().statusCode(401);
        given().get(storage + "/containers/any/free-name?name=a.docx").then().statusCode(401);
        given().header("Authorization", credentials.authorization("lock-service")).put(storage + "/homes/someone")
                .then().statusCode(401);
    }

    /**
     * The routes sharing added (people, shares, roles, "shared with", the lock lookup) answer wopi-api-service only,
     * before any work: a person pushed in by anyone else is not recorded.
     */
    @Test
    void sharingRoutesAnswerWopiApiServiceOnlyAndRecordNothingForOthers() {
        String storage = WopiStackResource.stack().storage().url();
        String lock = WopiStackResource.stack().lock().url();
        String intruder = "intruder-" + java.util.UUID.randomUUID();
        Map<String, Object> person = Map.of("displayName", "Intruder", "groups", List.of("team"));
        for (String authorization : new String[] {null, credentials.authorization("lock-service")}) {
            var request = given().contentType("application/json");
            if (authorization != null) {
                request = request.header("Authorization", authorization);
            }
            request.body(person).put(storage + "/people/" + intruder).then().statusCode(401);
        }
        given().contentType("application/json").body(Map.of("fileId", "f", "granteeType", "user", "grantee", intruder,
                "role", "editor", "createdBy", intruder)).post(storage + "/shares").then().statusCode(401);
        given().get(storage + "/people/" + intruder).then().statusCode(401);
        given().get(storage + "/shares?fileId=f").then().statusCode(401);
        given().get(storage + "/shares/s").then().statusCode(401);
        given().contentType("application/json").body(Map.of("role", "editor")).patch(storage + "/shares/s").then().statusCode(401);
        given().delete(storage + "/shares/s").then().statusCode(401);
        given().get(storage + "/shared-roles/files/f?userId=" + intruder).then().statusCode(401);
        given().get(storage + "/shared-roles/containers/c?userId=" + intruder).then().statusCode(401);
        given().get(storage + "/shared-with/" + intruder).then().statusCode(401);
        given().contentType("application/json").body(Map.of("fileIds", List.of("f"))).post(lock + "/locks/lookup")
                .then().statusCode(401);

        given().header("Authorization", credentials.authorization("storage-service")).get(storage + "/people/" + intruder)
                .then().statusCode(404);
    }

    @Test
    void activityRoutesAnswerWopiApiServiceOnlyAndRecordNothingForOthers() {
        String storage = WopiStackResource.stack().storage().url();
        String file = org.openwopi.wopi.support.WopiClient.createFile("activities.docx", "alice", null, new byte[] {1});
        Map<String, Object> body = Map.of("userId", "intruder", "activities", List.of(Map.of("id", "x", "type", "comment",
                "contentId", "c", "contentAction", "created")));
        for (String authorization : new String[] {null, credentials.authorization("lock-service")}) {
            var request = given().contentType("application/json");
            if (authorization != null) {
                request = request.header("Authorization", authorization);
            }
            request.body(body).post(storage + "/files/" + file + "/activities").then().statusCode(401);
        }
        given().get(storage + "/files/" + file + "/activities").then().statusCode(401);
        // Unsaved changes too: nobody else keeps, lists, reads, restores or discards them.
        given().contentType("application/octet-stream").header("X-Session-Id", "s").header("X-Modified-By", "intruder")
                .header("X-Reason", "changed").body(new byte[] {1}).post(storage + "/files/" + file + "/unsaved").then().statusCode(401);
        given().get(storage + "/files/" + file + "/unsaved").then().statusCode(401);
        given().get(storage + "/files/" + file + "/unsaved/u/content").then().statusCode(401);
        given().post(storage + "/files/" + file + "/unsaved/u/restore").then().statusCode(401);
        given().delete(storage + "/files/" + file + "/unsaved/u").then().statusCode(401);
        given().header("Authorization", credentials.authorization("storage-service")).get(storage + "/files/" + file + "/unsaved")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        given().header("Authorization", credentials.authorization("storage-service")).get(storage + "/files/" + file + "/activities")
                .then().statusCode(200).body("activities.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aCredentialForAnotherServiceIsRefused() {
        WopiStackResource.Stack stack = WopiStackResource.stack();
        given().header("Authorization", credentials.authorization("lock-service")).get(stack.storage().url() + "/files?limit=1")
                .then().statusCode(401).body("detail", containsString("not storage-service"));
    }

    @Test
    void forgedExpiredAndMalformedCredentialsAreRefused() throws Exception {
        String url = WopiStackResource.stack().lock().url() + "/locks/some-file";
        long now = Instant.now().getEpochSecond();
        ECPrivateKey stranger = newKey();
        String header = json(Map.of("alg", "ES256", "kid", WopiStackResource.SERVICE_KID));
        String claims = "{\"iss\":\"openwopi-wopi-api\",\"sub\":\"intruder\",\"aud\":\"lock-service\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        refused(url, "Bearer " + signed(stranger, header, claims), "does not verify");
        refused(url, "Bearer " + b64("{\"alg\":\"none\",\"kid\":\"test-service\"}") + "." + b64(claims) + ".", "ES256");
        refused(url, "Bearer not-a-jwt", "three dot-separated parts");
        refused(url, "Basic d29waTp3b3Bp", "Bearer");
        refused(url, "Bearer " + "a".repeat(4000), "longer than");
    }

    @Test
    void healthStaysOpenForTheKubelet() {
        for (Target target : targets()) {
            given().get(target.server().url() + "/q/health/live").then().statusCode(200);
        }
    }

    @Test
    void anUploadWithoutACredentialIsRefusedBeforeItsBodyIsRead() {
        given().contentType("application/octet-stream").body(new byte[256 * 1024]).queryParam("name", "Intruder.docx")
                .queryParam("ownerId", "mallory").post(WopiStackResource.stack().storage().url() + "/files")
                .then().statusCode(401);
    }

    private static void refused(String url, String authorization, String reason) {
        given().header("Authorization", authorization).get(url).then().statusCode(401).body("detail", containsString(reason));
    }

    private static ECPrivateKey newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return (ECPrivateKey) generator.generateKeyPair().getPrivate();
    }

    private static String signed(ECPrivateKey key, String header, String claims) throws Exception {
        String input = b64(header) + "." + b64(claims);
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key);
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        return out.append('}').toString();
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
