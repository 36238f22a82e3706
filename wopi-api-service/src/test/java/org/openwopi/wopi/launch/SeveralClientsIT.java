package org.openwopi.wopi.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.OfficeDouble;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Two WOPI clients with keys of their own: Microsoft's for OOXML, an ODF client for ODF (and, second, for .docx). The
 * rules choose, "Open with…" lists, and each token is held to the keys of the client it was handed to.
 */
@QuarkusTest
@WithTestResource(value = WopiStackResource.class, initArgs = {
        @ResourceArg(name = WopiStackResource.OFFICE_FLAVOUR, value = "MICROSOFT"),
        @ResourceArg(name = WopiStackResource.SECOND_CLIENT, value = "odf"),
        @ResourceArg(name = "wopi.launch.rules[0].extensions", value = "odt,ods,odp"),
        @ResourceArg(name = "wopi.launch.rules[0].client", value = "odf"),
        @ResourceArg(name = "wopi.launch.rules[1].client", value = "office"),
        @ResourceArg(name = "wopi.launch.rules[2].extensions", value = "docx"),
        @ResourceArg(name = "wopi.launch.rules[2].client", value = "odf")})
class SeveralClientsIT {

    @Inject
    AccessTokens tokens;

    private static String upload(String name) {
        return Users.as("alice").contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", name).post("/api/files").then().statusCode(201).extract().path("id");
    }

    private static JsonPath launch(String id, String query) {
        return Users.as("alice").post("/api/files/" + id + "/launch?" + query).then().statusCode(200).extract().jsonPath();
    }

    private static OfficeDouble microsoft() {
        return WopiStackResource.stack().office();
    }

    private static OfficeDouble odf() {
        return WopiStackResource.stack().second();
    }

    @Test
    void eachFileOpensInTheFirstClientItsRulesName() {
        JsonPath odt = launch(upload(WopiClient.unique("Minutes") + ".odt"), "action=edit");
        JsonPath docx = launch(upload(WopiClient.unique("Letter") + ".docx"), "action=edit");

        assertThat(odt.getString("client")).isEqualTo("odf");
        assertThat(odt.getString("app")).isEqualTo("Writer");
        assertThat(odt.getString("actionUrl")).startsWith(odf().origin() + "/browser/dist/cool.html?");
        assertThat(docx.getString("client")).isEqualTo("office");
        assertThat(docx.getString("actionUrl")).startsWith(microsoft().origin() + "/we/wordeditorframe.aspx?");
    }

    @Test
    void theUserMayChooseAnotherClientTheRulesAllowButNoOther() {
        String docx = upload(WopiClient.unique("Choice") + ".docx");
        String xlsx = upload(WopiClient.unique("Sheet") + ".xlsx");

        JsonPath chosen = launch(docx, "action=edit&client=odf");
        assertThat(chosen.getString("client")).isEqualTo("odf");
        assertThat(chosen.getString("actionUrl")).startsWith(odf().origin());
        // No rule lets the ODF client open spreadsheets in OOXML, and a client nobody configured is no choice.
        Users.as("alice").post("/api/files/" + xlsx + "/launch?action=edit&client=odf").then().statusCode(404);
        Users.as("alice").post("/api/files/" + docx + "/launch?action=edit&client=elsewhere").then().statusCode(404);
        // The host page keeps the choice when the user switches between viewing and editing.
        io.restassured.response.Response page = Users.as("alice").get("/host/" + docx + "?action=view&client=odf");
        page.then().statusCode(200);
        assertThat(page.asString()).contains("action=edit\\u0026client=odf").contains("action=\"" + odf().origin());
        assertThat(page.header("Content-Security-Policy")).contains("frame-src " + odf().origin() + ";");
    }

    @Test
    void openWithListsTheClientsThatOfferTheActionInRuleOrder() {
        Map<String, List<Map<String, Object>>> offers = Users.as("alice")
                .get("/api/open-with?action=edit&ext=docx&ext=odt&ext=xlsx&ext=zip").then().statusCode(200)
                .extract().jsonPath().getMap("");

        assertThat(offers.get("docx")).extracting(o -> o.get("client")).containsExactly("office", "odf");
        assertThat(offers.get("docx")).extracting(o -> o.get("app")).containsExactly("Word", "Writer");
        assertThat(offers.get("odt")).extracting(o -> o.get("client")).containsExactly("odf");
        assertThat(offers.get("xlsx")).extracting(o -> o.get("client")).containsExactly("office");
        assertThat(offers.get("zip")).isEmpty();
        Users.as("alice").get("/api/open-with?ext=../x").then().statusCode(400);
        Users.as("alice").get("/api/open-with").then().statusCode(400);
        io.restassured.RestAssured.given().get("/api/open-with?ext=docx").then().statusCode(401);
    }

    @Test
    void aTokenIsHeldToTheKeysOfTheClientItWasHandedTo() {
        String id = upload(WopiClient.unique("Signed") + ".odt");
        String token = launch(id, "action=edit").getString("accessToken");
        WopiClient wopi = new WopiClient(tokens);
        String url = wopi.request("/wopi/files/" + id, token).url();

        wopi.request("/wopi/files/" + id, token).proof(odf().proofHeaders(token, url)).get().then().statusCode(200)
                .body("BaseFileName", org.hamcrest.Matchers.endsWith(".odt"));
        // Microsoft's keys are good keys, but not for a token handed to the ODF client; a stranger's never are.
        wopi.request("/wopi/files/" + id, token).proof(microsoft().proofHeaders(token, url)).get().then().statusCode(500);
        wopi.request("/wopi/files/" + id, token).proof(OfficeDouble.proofHeaders(token, url, java.time.Instant.now(),
                OfficeDouble.strangerKey(), OfficeDouble.strangerKey())).get().then().statusCode(500);

        String docx = upload(WopiClient.unique("Word") + ".docx");
        String officeToken = launch(docx, "action=edit").getString("accessToken");
        String docxUrl = wopi.request("/wopi/files/" + docx, officeToken).url();
        wopi.request("/wopi/files/" + docx, officeToken).proof(microsoft().proofHeaders(officeToken, docxUrl)).get()
                .then().statusCode(200);
        wopi.request("/wopi/files/" + docx, officeToken).proof(odf().proofHeaders(officeToken, docxUrl)).get()
                .then().statusCode(500);
    }
}
