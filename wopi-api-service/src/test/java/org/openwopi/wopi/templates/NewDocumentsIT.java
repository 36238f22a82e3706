package org.openwopi.wopi.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.TestAccessTokens;
import org.openwopi.wopi.support.Users;
import org.openwopi.wopi.support.WopiClient;
import org.openwopi.wopi.support.WopiStackResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * "New": Microsoft 365 for OOXML (it has editnew), an ODF client for ODF (it has not), and an operator folder of
 * templates read when asked.
 */
@QuarkusTest
@WithTestResource(value = WopiStackResource.class, initArgs = {
        @ResourceArg(name = WopiStackResource.OFFICE_FLAVOUR, value = "MICROSOFT"),
        @ResourceArg(name = WopiStackResource.SECOND_CLIENT, value = "odf"),
        @ResourceArg(name = "wopi.launch.rules[0].extensions", value = "odt,ods,odp"),
        @ResourceArg(name = "wopi.launch.rules[0].client", value = "odf"),
        @ResourceArg(name = "wopi.launch.rules[1].client", value = "office"),
        @ResourceArg(name = "wopi.templates.folder", value = NewDocumentsIT.TEMPLATES)})
class NewDocumentsIT {

    static final String TEMPLATES = "target/new-documents-it-templates";
    private static final byte[] LETTER = "a letter template".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Minted in the test's JVM, not asked of a bean: {@code PackagedNewDocumentsIT} runs this class against the packaged service. */
    final AccessTokens tokens = TestAccessTokens.shared();

    @BeforeAll
    static void operatorTemplates() throws IOException {
        Path folder = Path.of(TEMPLATES);
        Files.createDirectories(folder);
        Files.write(folder.resolve("Letter.docx"), LETTER);
        Files.write(folder.resolve("Budget.ods"), new byte[] {7, 7});
        Files.write(folder.resolve("notes.txt"), new byte[] {1});
        Path outside = Files.createTempFile("outside", ".docx");
        Files.deleteIfExists(folder.resolve("Escape.docx"));
        Files.createSymbolicLink(folder.resolve("Escape.docx"), outside.toAbsolutePath());
    }


    private static String folder(String owner) {
        return Users.as(owner).contentType("application/json").body(Map.of("name", WopiClient.unique("New")))
                .post("/api/folders").then().statusCode(201).extract().path("id");
    }

    private static JsonPath create(String user, String query) {
        return Users.as(user).post("/api/files/new?" + query).then().statusCode(201).extract().jsonPath();
    }

    private static byte[] content(String user, String fileId) {
        return Users.as(user).get("/api/files/" + fileId + "/content").then().statusCode(200).extract().asByteArray();
    }

    @Test
    void theMenuOffersEachKindByTheClientThatCreatesItAndTheOperatorsTemplates() {
        JsonPath menu = Users.as("alice").get("/api/files/new").then().statusCode(200).extract().jsonPath();

        assertThat(menu.getList("blank.kind", String.class)).containsExactly("docx", "xlsx", "pptx", "odt", "ods", "odp");
        assertThat(menu.getList("blank.client", String.class)).containsExactly("office", "office", "office", "odf", "odf", "odf");
        assertThat(menu.getList("blank.opens", String.class)).containsExactly("editnew", "editnew", "editnew", "edit", "edit", "edit");
        assertThat(menu.getList("blank.name", String.class)).startsWith("New Document", "New Workbook", "New Presentation");
        // Only the kinds we create, and nothing a link leads to outside the folder.
        List<String> templates = menu.getList("templates.template", String.class);
        assertThat(templates).contains("Budget.ods", "Letter.docx").doesNotContain("Escape.docx", "notes.txt");
        assertThat(menu.getString("templates.find { it.template == 'Budget.ods' }.client")).isEqualTo("odf");
        assertThat(menu.getString("templates.find { it.template == 'Letter.docx' }.client")).isEqualTo("office");
        assertThat(menu.getString("templates.find { it.template == 'Letter.docx' }.name")).isEqualTo("Letter");
        RestAssured.given().get("/api/files/new").then().statusCode(401);
    }

    @Test
    void aWordDocumentIsAnEmptyFileMicrosoftCreatesWithEditNewAndASecondOneIsNumbered() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String folder = folder(alice);

        JsonPath first = create(alice, "kind=docx&folderId=" + folder);
        JsonPath second = create(alice, "kind=docx&folderId=" + folder);

        assertThat(first.getString("file.name")).isEqualTo("New Document.docx");
        assertThat(second.getString("file.name")).isEqualTo("New Document (2).docx");
        assertThat(first.getLong("file.size")).isZero();
        assertThat(first.getString("file.folderId")).isEqualTo(folder);
        assertThat(first.getString("opens")).isEqualTo("editnew");
        assertThat(first.getString("hostUrl")).isEqualTo("/host/" + first.getString("file.id") + "?action=editnew&client=office");
        // The host page opens Word's editnew action on it.
        String page = Users.as(alice).get(first.getString("hostUrl")).then().statusCode(200).extract().asString();
        assertThat(page).contains(WopiStackResource.stack().office().origin() + "/we/wordeditorframe.aspx");
    }

    @Test
    void anOdfDocumentHoldsOurBlankOneAndOpensForEditingInTheOdfClient() {
        String alice = Users.signedIn(WopiClient.unique("alice"));

        JsonPath created = create(alice, "kind=odp&name=Quarterly review");

        assertThat(created.getString("file.name")).isEqualTo("Quarterly review.odp");
        assertThat(created.getString("client")).isEqualTo("odf");
        assertThat(created.getString("opens")).isEqualTo("edit");
        assertThat(content(alice, created.getString("file.id"))).isEqualTo(BlankDocuments.of("odp"));
        // Named with its extension already: not "x.odp.odp".
        assertThat(create(alice, "kind=odp&name=Plan.odp").getString("file.name")).isEqualTo("Plan.odp");
    }

    @Test
    void anOperatorTemplateIsCopiedIntoTheNewFileAndNothingOutsideTheFolderIsReached() {
        String alice = Users.signedIn(WopiClient.unique("alice"));

        JsonPath created = create(alice, "template=Letter.docx&name=To the council");

        assertThat(created.getString("file.name")).isEqualTo("To the council.docx");
        assertThat(created.getString("opens")).isEqualTo("edit");
        assertThat(content(alice, created.getString("file.id"))).isEqualTo(LETTER);
        assertThat(create(alice, "template=Letter.docx").getString("file.name")).isEqualTo("Letter.docx");
        Users.as(alice).post("/api/files/new?template=Escape.docx").then().statusCode(404);
        Users.as(alice).post("/api/files/new?template=../../../etc/hostname").then().statusCode(404);
        Users.as(alice).post("/api/files/new?template=notes.txt").then().statusCode(404);
        Users.as(alice).post("/api/files/new?template=Letter.docx&kind=xlsx").then().statusCode(400);
    }

    @Test
    void aTemplateAddedToTheFolderIsOfferedWithoutARestart() throws IOException {
        Files.write(Path.of(TEMPLATES, "Invoice.xlsx"), new byte[] {3});

        List<String> offered = Users.as("alice").get("/api/files/new").then().statusCode(200).extract().jsonPath()
                .getList("templates.template", String.class);

        assertThat(offered).contains("Invoice.xlsx");
    }

    @Test
    void onlySomeoneWhoMayCreateInTheFolderCreatesThere() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String viewer = Users.signedIn(WopiClient.unique("viewer"));
        String editor = Users.signedIn(WopiClient.unique("editor"));
        String stranger = Users.signedIn(WopiClient.unique("stranger"));
        String folder = folder(alice);
        for (String[] grant : new String[][] {{viewer, "viewer"}, {editor, "editor"}}) {
            Users.as(alice).contentType("application/json").body(Map.of("grantee", grant[0], "role", grant[1]))
                    .post("/api/folders/" + folder + "/shares").then().statusCode(201);
        }

        Users.as(stranger).post("/api/files/new?kind=docx&folderId=" + folder).then().statusCode(404);
        Users.as(viewer).post("/api/files/new?kind=docx&folderId=" + folder).then().statusCode(403);
        // Nor does a stranger learn whether a template exists by naming one.
        Users.as(stranger).post("/api/files/new?template=Nope.docx&folderId=" + folder).then().statusCode(404);
        JsonPath byEditor = create(editor, "kind=xlsx&folderId=" + folder);

        assertThat(byEditor.getString("file.folderId")).isEqualTo(folder);
        List<String> names = Users.as(alice).get("/api/folders/" + folder).then().statusCode(200).extract().jsonPath()
                .getList("files.name", String.class);
        assertThat(names).containsExactly("New Workbook.xlsx");
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        Users.as("alice").post("/api/files/new?kind=exe").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("docx"));
        Users.as("alice").post("/api/files/new").then().statusCode(400);
        Users.as("alice").post("/api/files/new?kind=docx&folderId=not-an-id").then().statusCode(404);
        Users.as("alice").post("/api/files/new?kind=docx&name=%20").then().statusCode(201);
        Users.as("alice").post("/api/files/new?kind=docx&name=.docx").then().statusCode(400);
    }

    @Test
    void anEmptyFileTellsTheClientWhereOurBlankDocumentIsWhichAnyoneMayFetch() {
        String alice = Users.signedIn(WopiClient.unique("alice"));
        String id = Users.as(alice).contentType("application/octet-stream").body(new byte[0])
                .queryParam("name", WopiClient.unique("Empty") + ".ods").post("/api/files").then().statusCode(201)
                .extract().path("id");
        WopiClient wopi = new WopiClient(tokens);
        String editToken = wopi.token(alice, id);
        String viewToken = wopi.token(alice, org.openwopi.wopi.security.token.Resource.file(id),
                java.util.EnumSet.of(org.openwopi.wopi.security.token.Permission.VIEW));

        String source = wopi.request("/wopi/files/" + id, editToken).get().then().statusCode(200).extract()
                .path("TemplateSource");
        Object forViewer = wopi.request("/wopi/files/" + id, viewToken).get().then().statusCode(200).extract()
                .path("TemplateSource");

        assertThat(source).isEqualTo(WopiStackResource.stack().publicBaseUrl() + "/templates/blank.ods");
        assertThat(forViewer).isNull();
        byte[] fetched = RestAssured.given().get("/templates/blank.ods").then().statusCode(200)
                .contentType("application/vnd.oasis.opendocument.spreadsheet").extract().asByteArray();
        assertThat(fetched).isEqualTo(BlankDocuments.of("ods"));
        RestAssured.given().get("/templates/blank.exe").then().statusCode(404);
    }
}
