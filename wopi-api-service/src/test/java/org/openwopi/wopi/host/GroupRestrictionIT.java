package org.openwopi.wopi.host;

import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(WopiStackResource.class)
@TestProfile(GroupRestrictionIT.OfficeUsersOnly.class)
class GroupRestrictionIT {

    public static class OfficeUsersOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wopi.host.allowed-group", "office-users");
        }
    }

    @Test
    void onlyMembersOfTheConfiguredGroupMayOpenOffice() throws Exception {
        String id = Users.as("carol").contentType("application/octet-stream").body(new byte[] {1})
                .queryParam("name", WopiClient.unique("Carol") + ".docx").post("/api/files").then().statusCode(201)
                .extract().path("id");

        Users.as("carol").get("/host/" + id).then().statusCode(403)
                .body(containsString("limited to members of the group &ldquo;office-users&rdquo;".replace("&ldquo;", "\u201c").replace("&rdquo;", "\u201d")));
        Users.as("carol", "office-users").get("/host/" + id).then().statusCode(200);
        Users.as("carol").post("/api/files/" + id + "/launch").then().statusCode(403);
        Users.as("carol", "office-users").post("/api/files/" + id + "/launch").then().statusCode(200);
        // Nor may they make a new document to open there.
        Users.as("carol").get("/api/files/new").then().statusCode(403);
        Users.as("carol").post("/api/files/new?kind=docx").then().statusCode(403);
        Users.as("carol", "office-users").post("/api/files/new?kind=docx").then().statusCode(201);
    }
}
