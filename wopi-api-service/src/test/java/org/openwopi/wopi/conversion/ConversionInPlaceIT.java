package org.openwopi.wopi.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * "Convert to modern format" with the operator's default, in place: Microsoft's convert action sends the converted
 * file back by PutRelativeFile with X-WOPI-FileConversion, and it becomes the file's next version under its new name.
 */
@QuarkusTest
@WithTestResource(value = WopiStackResource.class, initArgs = {
        @ResourceArg(name = WopiStackResource.OFFICE_FLAVOUR, value = "MICROSOFT")})
class ConversionInPlaceIT {

    @Inject
    AccessTokens tokens;


    static String folder(String owner) {
        return Users.as(owner).contentType("application/json").body(Map.of("name", WopiClient.unique("Legacy")))
                .post("/api/folders").then().statusCode(201).extract().path("id");
    }

    static String upload(String owner, String folder, String name, String content) {
        return Users.as(owner).contentType("application/octet-stream").body(content.getBytes(StandardCharsets.UTF_8))
                .queryParam("name", name).queryParam("folderId", folder).post("/api/files").then().statusCode(201)
                .extract().path("id");
    }

    /** What the WOPI client does once it has converted the file the convert action opened. */
    static Response converted(WopiClient wopi, String id, String token, String target, String content) {
        return wopi.request("/wopi/files/" + id, token).override("PUT_RELATIVE").header("X-WOPI-FileConversion", "true")
                .header("X-WOPI-SuggestedTarget", target).body(content.getBytes(StandardCharsets.UTF_8)).post();
    }

    static String convertToken(String user, String id) {
        JsonPath launch = Users.as(user).post("/api/files/" + id + "/launch?action=convert").then().statusCode(200)
                .extract().jsonPath();
        assertThat(launch.getString("actionUrl")).contains("/x/xlviewerinternal.aspx");
        return launch.getString("accessToken");
    }

    @Test
    void theConvertedFileIsTheNextVersionUnderItsNewNameAndTheLegacyOneComesBack() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String folder = folder(alice);
        String id = upload(alice, folder, "Budget 2019.xls", "legacy");
        WopiClient wopi = new WopiClient(tokens);

        JsonPath answer = converted(wopi, id, convertToken(alice, id), ".xlsx", "converted").then().statusCode(200)
                .extract().jsonPath();

        assertThat(answer.getString("Name")).isEqualTo("Budget 2019.xlsx");
        assertThat(answer.getString("HostEditUrl")).endsWith("/host/" + id + "?action=edit");
        assertThat(answer.getString("Url")).contains("/wopi/files/" + id + "?access_token=");
        Users.as(alice).get("/api/files/" + id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Budget 2019.xlsx")).body("version", org.hamcrest.Matchers.equalTo(2));
        List<String> names = Users.as(alice).get("/api/files/" + id + "/versions").then().statusCode(200).extract()
                .jsonPath().getList("name", String.class);
        assertThat(names).containsExactly("Budget 2019.xlsx", "Budget 2019.xls");
        Users.as(alice).post("/api/files/" + id + "/versions/1/restore").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Budget 2019.xls"));
        assertThat(Users.as(alice).get("/api/files/" + id + "/content").then().statusCode(200).extract().asString())
                .isEqualTo("legacy");
    }

    @Test
    void aNameAlreadyTakenGetsTheNextFreeOne() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String folder = folder(alice);
        String id = upload(alice, folder, "Forecast.xls", "legacy");
        upload(alice, folder, "Forecast.xlsx", "someone converted it by hand");

        String name = converted(new WopiClient(tokens), id, convertToken(alice, id), ".xlsx", "converted").then()
                .statusCode(200).extract().path("Name");

        assertThat(name).isEqualTo("Forecast (2).xlsx");
    }

    @Test
    void aFileAnotherSessionHoldsLockedIsNotConverted() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String id = upload(alice, folder(alice), "Plan.xls", "legacy");
        WopiClient wopi = new WopiClient(tokens);
        String token = convertToken(alice, id);
        wopi.request("/wopi/files/" + id, token).override("LOCK").header("X-WOPI-Lock", "someone-else").post()
                .then().statusCode(200);

        converted(wopi, id, token, ".xlsx", "converted").then().statusCode(409).header("X-WOPI-Lock", "someone-else");

        Users.as(alice).get("/api/files/" + id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Plan.xls")).body("version", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void onlySomeoneWhoMayEditConvertsAndAStrangerCannotEvenAsk() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String viewer = Users.signedIn(WopiClient.unique("viewer"));
        String stranger = Users.signedIn(WopiClient.unique("stranger"));
        String folder = folder(alice);
        String id = upload(alice, folder, "Minutes.xls", "legacy");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", viewer, "role", "viewer"))
                .post("/api/folders/" + folder + "/shares").then().statusCode(201);
        WopiClient wopi = new WopiClient(tokens);

        Users.as(viewer).post("/api/files/" + id + "/launch?action=convert").then().statusCode(403);
        Users.as(stranger).post("/api/files/" + id + "/launch?action=convert").then().statusCode(404);
        String viewToken = Users.as(viewer).post("/api/files/" + id + "/launch?action=view").then().statusCode(200)
                .extract().path("accessToken");
        converted(wopi, id, viewToken, ".xlsx", "converted by a viewer").then().statusCode(401);
        // The host page's convert action asks for the same right.
        Users.as(viewer).get("/host/" + id + "?action=convert").then().statusCode(403);

        Users.as(alice).get("/api/files/" + id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Minutes.xls")).body("version", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aTargetWithoutAnExtensionIsRefused() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String id = upload(alice, folder(alice), "Old.xls", "legacy");

        converted(new WopiClient(tokens), id, convertToken(alice, id), "converted", "x").then().statusCode(400);
    }
}
