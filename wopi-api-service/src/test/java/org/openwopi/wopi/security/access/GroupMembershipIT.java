package org.openwopi.wopi.security.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.openwopi.wopi.support.DirectoryDouble.directory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.support.DirectoryDouble;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Groups read from the identity provider's directory ({@code wopi.directory.*}): leaving a group ends what it was
 * shared within, in an Office session already open too, whatever the person's sign-in token still says; a directory
 * that cannot be asked stops group-dependent decisions with 503 and changes nothing. Here the directory is asked on
 * every re-check (max-age and recheck-shared are zero), so "bounded" is "the next call".
 */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
@WithTestResource(DirectoryDouble.class)
class GroupMembershipIT {

    @Inject
    AccessTokens tokens;

    @AfterEach
    void directoryWorks() {
        directory().failing(false);
    }

    private WopiClient wopi() {
        return new WopiClient(tokens);
    }

    /** A team shared a folder by alice, one document in it, and bob in the team; the document's id. */
    private record Shared(String team, String alice, String bob, String document) {
    }

    private static Shared aTeamFolder(String role) {
        String team = WopiClient.unique("team");
        String alice = WopiClient.unique("alice");
        String bob = WopiClient.unique("bob");
        directory().member(alice);
        directory().member(bob, team);
        Users.as(alice).get("/api/me").then().statusCode(200);
        Users.as(bob, team).get("/api/me").then().statusCode(200);
        String folder = Users.as(alice).contentType("application/json").body(Map.of("name", "Team"))
                .post("/api/folders").then().statusCode(201).extract().path("id");
        String document = Users.as(alice).contentType("application/octet-stream")
                .body("alice's plan".getBytes(StandardCharsets.UTF_8))
                .queryParam("name", "Plan.docx").queryParam("folderId", folder).post("/api/files")
                .then().statusCode(201).extract().path("id");
        Users.as(alice).contentType("application/json").body(Map.of("grantee", team, "granteeType", "group", "role", role))
                .post("/api/folders/" + folder + "/shares").then().statusCode(201);
        return new Shared(team, alice, bob, document);
    }

    private static String content(String user, String id) {
        return Users.as(user).get("/api/files/" + id + "/content").then().statusCode(200).extract().asString();
    }

    @Test
    void leavingTheGroupEndsAnOpenOfficeSessionAndTheUserApiWhateverTheSignInTokenSays() {
        Shared shared = aTeamFolder("editor");
        String token = Users.as(shared.bob(), shared.team()).post("/api/files/" + shared.document() + "/launch?action=edit")
                .then().statusCode(200).extract().path("accessToken");
        wopi().request("/wopi/files/" + shared.document(), token).get().then().statusCode(200)
                .body("UserCanWrite", equalTo(true));

        directory().member(shared.bob());

        wopi().request("/wopi/files/" + shared.document(), token).get().then().statusCode(401);
        wopi().request("/wopi/files/" + shared.document(), token).override("LOCK").header("X-WOPI-Lock", "bob's")
                .post().then().statusCode(401);
        wopi().request("/wopi/files/" + shared.document() + "/contents", token).override("PUT")
                .body("bob's".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(401);
        // His sign-in token still names the team: it counts for nothing while the directory says otherwise.
        Users.as(shared.bob(), shared.team()).get("/api/files/" + shared.document()).then().statusCode(404);
        Users.as(shared.bob(), shared.team()).post("/api/files/" + shared.document() + "/launch").then().statusCode(404);
        assertThat(content(shared.alice(), shared.document())).isEqualTo("alice's plan");

        // Back in the team, the same session works again: the decision is made now, not when the token was minted.
        directory().member(shared.bob(), shared.team());
        wopi().request("/wopi/files/" + shared.document(), token).get().then().statusCode(200)
                .body("UserCanWrite", equalTo(true));
    }

    @Test
    void aGroupNamedOnlyInTheSignInTokenOpensNothing() {
        Shared shared = aTeamFolder("viewer");
        String carol = WopiClient.unique("carol");
        directory().member(carol);

        Users.as(carol, shared.team()).get("/api/files/" + shared.document()).then().statusCode(404);
        Users.as(carol, shared.team()).get("/api/files/" + shared.document() + "/content").then().statusCode(404);
        Users.as(carol, shared.team()).post("/api/files/" + shared.document() + "/launch").then().statusCode(404);
        Users.as(carol, shared.team()).get("/api/shared-with-me").then().statusCode(200)
                .body("folders.size()", equalTo(0));
        Users.as(shared.bob(), shared.team()).get("/api/files/" + shared.document()).then().statusCode(200)
                .body("name", equalTo("Plan.docx"));
    }

    @Test
    void aDirectoryThatCannotBeAskedStopsGroupSessionsWith503AndChangesNothingWhileOwnersWorkOn() {
        Shared shared = aTeamFolder("editor");
        String bobs = Users.as(shared.bob(), shared.team()).post("/api/files/" + shared.document() + "/launch?action=edit")
                .then().statusCode(200).extract().path("accessToken");
        String alices = Users.as(shared.alice()).post("/api/files/" + shared.document() + "/launch?action=edit")
                .then().statusCode(200).extract().path("accessToken");

        directory().failing(true);

        wopi().request("/wopi/files/" + shared.document(), bobs).get().then().statusCode(503)
                .body(containsString("directory"));
        wopi().request("/wopi/files/" + shared.document() + "/contents", bobs).override("PUT")
                .body("bob's".getBytes(StandardCharsets.UTF_8)).post().then().statusCode(503);
        assertThat(content(shared.alice(), shared.document())).isEqualTo("alice's plan");
        // The owner's token asks nobody about groups.
        wopi().request("/wopi/files/" + shared.document(), alices).get().then().statusCode(200)
                .body("UserCanWrite", equalTo(true));

        directory().failing(false);
        wopi().request("/wopi/files/" + shared.document(), bobs).get().then().statusCode(200);
    }

    @Test
    void aServiceTokenTheDirectoryNoLongerTakesIsRenewedOnce() {
        Shared shared = aTeamFolder("viewer");
        String token = Users.as(shared.bob(), shared.team()).post("/api/files/" + shared.document() + "/launch")
                .then().statusCode(200).extract().path("accessToken");
        int issuedBefore = directory().tokensIssued();
        int readsBefore = directory().groupReads();

        directory().withdrawServiceTokens();

        wopi().request("/wopi/files/" + shared.document(), token).get().then().statusCode(200);
        assertThat(directory().tokensIssued()).isEqualTo(issuedBefore + 1);
        assertThat(directory().groupReads()).isGreaterThan(readsBefore);
    }
}
