package org.openwopi.wopi.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.TestAccessTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The WOPI containers and ecosystem operations, walking the URLs they hand out as a WOPI client does. */
@QuarkusTest
@WithTestResource(WopiStackResource.class)
class WopiContainersIT {

    /** Minted in the test's JVM, not asked of a bean: {@code PackagedWopiContainersIT} runs this class against the packaged service. */
    final AccessTokens tokens = TestAccessTokens.shared();

    WopiClient wopi;
    String parentName;
    String parent;
    String folder;
    String file;

    @BeforeEach
    void tree() {
        wopi = new WopiClient(tokens);
        parentName = WopiClient.unique("Parent");
        parent = WopiClient.createFolder(parentName, "alice", null);
        folder = WopiClient.createFolder("Child", "alice", parent);
        file = WopiClient.createFile("Doc.docx", "alice", folder, "x".getBytes(StandardCharsets.UTF_8));
    }

    /** Follows a URL we handed out (it carries its own token), signed like any WOPI request. */
    private WopiClient.Request follow(String url) {
        String base = WopiStackResource.stack().publicBaseUrl();
        String token = java.net.URLDecoder.decode(url.replaceAll(".*[?&]access_token=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        String path = url.substring(base.length(), url.indexOf('?'));
        return wopi.request(path, token);
    }

    @Test
    void ancestorsOfAFileRunFromTheRootToItsFolder() {
        Response ancestry = wopi.request("/wopi/files/" + file + "/ancestry", wopi.token("alice", file)).get();

        ancestry.then().statusCode(200).body("AncestorsWithRootFirst.Name", equalTo(List.of("Root", parentName, "Child")));
        String folderUrl = ancestry.path("AncestorsWithRootFirst[-1].Url");
        follow(folderUrl).get().then().statusCode(200).body("Name", equalTo("Child"))
                .body("UserCanCreateChildFile", equalTo(true)).body("UserCanRename", equalTo(true));
    }

    @Test
    void childrenListFilesWithVersionAndSizeAndFoldersWithUrls() {
        WopiClient.createFolder("Grandchild", "alice", folder);
        String url = wopi.request("/wopi/files/" + file + "/ancestry", wopi.token("alice", file)).get()
                .path("AncestorsWithRootFirst[-1].Url");

        Response children = follow(url.replace("/wopi/containers/" + folder, "/wopi/containers/" + folder + "/children")).get();

        children.then().statusCode(200)
                .body("ChildFiles", hasSize(1)).body("ChildFiles[0].Name", equalTo("Doc.docx"))
                .body("ChildFiles[0].Version", equalTo("1")).body("ChildFiles[0].Size", equalTo(1))
                .body("ChildContainers[0].Name", equalTo("Grandchild"));
        follow(children.path("ChildFiles[0].Url")).get().then().statusCode(200).body("BaseFileName", equalTo("Doc.docx"));
    }

    @Test
    void childrenCanBeFilteredByExtension() {
        WopiClient.createFile("Sheet.xlsx", "alice", folder, new byte[0]);
        String token = wopi.token("alice", Resource.container(folder), Permission.all());

        wopi.request("/wopi/containers/" + folder + "/children", token).header("X-WOPI-FileExtensionFilterList", ".xlsx")
                .get().then().statusCode(200).body("ChildFiles.Name", equalTo(List.of("Sheet.xlsx")));
    }

    @Test
    void createChildContainerSuggestedFindsAFreeNameAndExactNameConflicts() {
        String token = wopi.token("alice", Resource.container(folder), Permission.all());

        wopi.request("/wopi/containers/" + folder, token).override("CREATE_CHILD_CONTAINER")
                .header("X-WOPI-RelativeTarget", "New").post().then().statusCode(200).body("ContainerPointer.Name", equalTo("New"));
        wopi.request("/wopi/containers/" + folder, token).override("CREATE_CHILD_CONTAINER")
                .header("X-WOPI-SuggestedTarget", "New").post().then().statusCode(200).body("ContainerPointer.Name", equalTo("New (2)"));
        wopi.request("/wopi/containers/" + folder, token).override("CREATE_CHILD_CONTAINER")
                .header("X-WOPI-RelativeTarget", "New").post().then().statusCode(409)
                .header("X-WOPI-ValidRelativeTarget", Utf7.encode("New (3)"));
    }

    @Test
    void createChildFileStoresTheBodyAndAnswersItsUrls() {
        String token = wopi.token("alice", Resource.container(folder), Permission.all());

        Response created = wopi.request("/wopi/containers/" + folder, token).override("CREATE_CHILD_FILE")
                .header("X-WOPI-RelativeTarget", Utf7.encode("Notes_1.docx")).body("content".getBytes(StandardCharsets.UTF_8)).post();

        created.then().statusCode(200).body("Name", equalTo("Notes_1.docx"));
        assertThat(created.<String>path("HostEditUrl")).contains("/host/");
        assertThat(follow(created.path("Url")).get().path("Size").toString()).isEqualTo("7");
        wopi.request("/wopi/containers/" + folder, token).override("CREATE_CHILD_FILE")
                .header("X-WOPI-RelativeTarget", "x.docx").header("X-WOPI-SuggestedTarget", "y.docx").post().then().statusCode(501);
    }

    @Test
    void renameAndDeleteAContainer() {
        String empty = WopiClient.createFolder("Empty", "alice", parent);
        String token = wopi.token("alice", Resource.container(empty), Permission.all());

        wopi.request("/wopi/containers/" + empty, token).override("RENAME_CONTAINER").header("X-WOPI-RequestedName", "Renamed")
                .post().then().statusCode(200).body("Name", equalTo("Renamed"));
        wopi.request("/wopi/containers/" + empty, token).override("DELETE_CONTAINER").post().then().statusCode(200);
        wopi.request("/wopi/containers/" + empty, token).get().then().statusCode(404);
    }

    @Test
    void aContainerThatIsNotEmptyIsNotDeleted() {
        String token = wopi.token("alice", Resource.container(folder), Permission.all());

        wopi.request("/wopi/containers/" + folder, token).override("DELETE_CONTAINER").post().then().statusCode(409);
    }

    @Test
    void anotherUsersFolderIsUnknown() {
        String token = wopi.token("mallory", Resource.container(folder), Permission.all());

        wopi.request("/wopi/containers/" + folder, token).get().then().statusCode(404);
        wopi.request("/wopi/containers/" + folder + "/children", token).get().then().statusCode(404);
    }

    @Test
    void theEcosystemLeadsToTheUsersRoot() {
        Response pointer = wopi.request("/wopi/files/" + file + "/ecosystem_pointer", wopi.token("alice", file)).get();
        pointer.then().statusCode(200);

        follow(pointer.path("Url")).get().then().statusCode(200).body("SupportsContainers", equalTo(true));
        String ecosystem = pointer.path("Url");
        Response root = follow(ecosystem.replace("/wopi/ecosystem?", "/wopi/ecosystem/root_container_pointer?")).get();
        root.then().statusCode(200).body("ContainerPointer.Name", equalTo("Root"));
        List<String> topLevel = follow(root.<String>path("ContainerPointer.Url").replace("/containers/root?", "/containers/root/children?"))
                .get().path("ChildContainers.Name");
        assertThat(topLevel).contains(parentName);
    }

    @Test
    void aContainerTokenDoesNotOpenAnotherContainer() {
        String token = wopi.token("alice", Resource.container(folder), Permission.all());

        wopi.request("/wopi/containers/" + parent, token).get().then().statusCode(404);
        wopi.request("/wopi/containers/" + folder, "not-a-token").get().then().statusCode(401);
    }
}
