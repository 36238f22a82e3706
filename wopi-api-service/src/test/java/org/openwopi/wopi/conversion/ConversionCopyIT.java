package org.openwopi.wopi.conversion;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The operator's other choice, {@code wopi.conversion.mode=copy}: the converted file is a new one beside the legacy one. */
@QuarkusTest
@WithTestResource(value = WopiStackResource.class, initArgs = {
        @ResourceArg(name = WopiStackResource.OFFICE_FLAVOUR, value = "MICROSOFT"),
        @ResourceArg(name = "wopi.conversion.mode", value = "copy")})
class ConversionCopyIT {

    @Inject
    AccessTokens tokens;

    @Test
    void theConvertedFileIsANewFileAndTheLegacyOneIsLeftAsItWas() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String folder = ConversionInPlaceIT.folder(alice);
        String id = ConversionInPlaceIT.upload(alice, folder, "Accounts.xls", "legacy");

        JsonPath answer = ConversionInPlaceIT.converted(new WopiClient(tokens), id,
                ConversionInPlaceIT.convertToken(alice, id), ".xlsx", "converted").then().statusCode(200).extract().jsonPath();

        assertThat(answer.getString("Name")).isEqualTo("Accounts.xlsx");
        assertThat(answer.getString("HostEditUrl")).doesNotContain("/host/" + id + "?");
        Users.as(alice).get("/api/files/" + id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Accounts.xls")).body("version", org.hamcrest.Matchers.equalTo(1));
        assertThat(Users.as(alice).get("/api/folders/" + folder).then().statusCode(200).extract().jsonPath()
                .getList("files.name", String.class)).containsExactlyInAnyOrder("Accounts.xls", "Accounts.xlsx");
    }
}
