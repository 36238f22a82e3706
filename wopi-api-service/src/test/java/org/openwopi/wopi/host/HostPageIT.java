package org.openwopi.wopi.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.TestAccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The host page as the server renders it (the browser's side is the end-to-end test's). */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class HostPageIT {

    /** Minted in the test's JVM, not asked of a bean: {@code PackagedHostPageIT} runs this class against the packaged service. */
    final AccessTokens tokens = TestAccessTokens.shared();

    private static String upload(String name) throws Exception {
        return Users.as("alice").contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", name).post("/api/files").then().statusCode(201).extract().path("id");
    }

    private static String officeOrigin() {
        String discovery = WopiStackResource.stack().office().discoveryUrl();
        return discovery.substring(0, discovery.indexOf("/hosting"));
    }

    @Test
    void postsATokenForTheFileIntoAFrameOfTheClientsOriginOnly() throws Exception {
        String id = upload(WopiClient.unique("Host") + ".docx");

        Response page = Users.as("alice").get("/host/" + id + "?action=edit");

        page.then().statusCode(200).contentType("text/html");
        String html = page.asString();
        Matcher action = Pattern.compile("<form id=\"office_form\"[^>]* action=\"([^\"]+)\"").matcher(html);
        assertThat(action.find()).isTrue();
        assertThat(action.group(1)).startsWith(officeOrigin() + "/we/wordeditorframe.aspx?");
        Matcher token = Pattern.compile("name=\"access_token\" value=\"([^\"]+)\"").matcher(html);
        assertThat(token.find()).isTrue();
        assertThat(tokens.verify(token.group(1)).resource().id()).isEqualTo(id);
        assertThat(html).contains("name=\"access_token_ttl\" value=\"");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("frame-src " + officeOrigin() + ";").contains("form-action " + officeOrigin() + ";")
                .doesNotContain("unsafe-inline");
        Matcher nonce = Pattern.compile("script-src 'nonce-([^']+)'").matcher(csp);
        assertThat(nonce.find()).isTrue();
        assertThat(html).contains("<script nonce=\"" + nonce.group(1) + "\">")
                .contains("var clientOrigin = \"" + officeOrigin() + "\"");
    }

    @Test
    void aFileNameNeverBecomesMarkup() throws Exception {
        // storage-service refuses < > " / in names; what it allows is escaped.
        Users.as("alice").contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", "<script>alert(1)</script>.docx").post("/api/files").then().statusCode(400);
        String id = upload(WopiClient.unique("O'Brien & Co's") + ".docx");

        String html = Users.as("alice").get("/host/" + id).then().statusCode(200).extract().asString();

        assertThat(html).doesNotContain("O'Brien & Co's").contains("O&#39;Brien &amp; Co&#39;s");
    }

    @Test
    void anotherUsersFileIsNotFoundAndAnUnknownActionIsRefused() throws Exception {
        String id = upload(WopiClient.unique("Mine") + ".docx");

        Users.as("bob").get("/host/" + id).then().statusCode(404).contentType("text/html");
        Users.as("alice").get("/host/" + id + "?action=format").then().statusCode(400);
    }

    @Test
    void withoutASignInThereIsNoPage() {
        io.restassured.RestAssured.given().get("/host/anything").then().statusCode(401);
    }

    @Test
    void theBusinessUserFlowIsOnByDefault() throws Exception {
        String id = upload(WopiClient.unique("Licensed") + ".docx");
        WopiClient wopi = new WopiClient(tokens);

        wopi.request("/wopi/files/" + id, wopi.token("alice", id)).get().then().statusCode(200)
                .body("LicenseCheckForEditIsEnabled", org.hamcrest.Matchers.equalTo(true));
    }
}
