package org.openwopi.wopi.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.clients.StorageClient.FileContext;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;
import org.openwopi.wopi.support.ClientDoubles;
import org.openwopi.wopi.support.UnusedLocks;
import org.openwopi.wopi.support.UnusedStorage;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * What CheckFileInfo tells Office is exactly what the token allows, and a token that may not write is refused before
 * any service is asked to change anything: the edge and the operations with doubles of our own clients (the rights
 * of a real user on a real file are in CrossUserAttacksIT).
 */
@QuarkusTest
@TestProfile(ClientDoubles.Profile.class)
class TokenRightsSliceTest {

    @Inject
    AccessTokens tokens;

    private final String fileId = UUID.randomUUID().toString();
    /** Every call wopi-api-service made to lock-service or storage-service, by name. */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void doubles() {
        ClientDoubles.reset();
        FileMeta file = new FileMeta(fileId, "report.docx", "docx", "folder", "alice", 5, null, 7, 0, "alice",
                Instant.EPOCH, Instant.EPOCH);
        ClientDoubles.storage(new UnusedStorage() {
            @Override
            public Uni<FileMeta> file(String id) {
                asked.add("storage file");
                return Uni.createFrom().item(file);
            }

            @Override
            public Uni<FileContext> fileContext(String id, String userId) {
                asked.add("storage fileContext");
                return Uni.createFrom().item(new FileContext(file, "Documents", null));
            }
        });
        // Any call to lock-service fails the request (UnusedLocks), so a refusal here is the token's, before it.
        ClientDoubles.locks(new UnusedLocks() {
        });
    }

    private String token(Set<Permission> permissions) {
        return tokens.mint("alice", "Alice", Resource.file(fileId), permissions).token();
    }

    private ClientDoubles.Call checkFileInfo(Set<Permission> permissions) {
        return ClientDoubles.call("/wopi/files/" + fileId, token(permissions));
    }

    @Test
    void aViewOnlyTokenIsReportedReadOnlyWithNoRenameAndNoWriteRelative() {
        checkFileInfo(EnumSet.of(Permission.VIEW)).get()
                .then().statusCode(200)
                .body("UserCanWrite", equalTo(false))
                .body("ReadOnly", equalTo(true))
                .body("UserCanRename", equalTo(false))
                .body("UserCanNotWriteRelative", equalTo(true))
                .body("UserFriendlyName", equalTo("Alice"));
    }

    @Test
    void aTokenWithEveryRightIsReportedWritable() {
        checkFileInfo(Permission.all()).get()
                .then().statusCode(200)
                .body("UserCanWrite", equalTo(true))
                .body("ReadOnly", equalTo(false))
                .body("UserCanRename", equalTo(true))
                .body("UserCanNotWriteRelative", equalTo(false));
    }

    @Test
    void aViewOnlyTokenCannotLockSaveRenameOrDeleteAndNothingIsWritten() {
        String token = token(EnumSet.of(Permission.VIEW));
        String file = "/wopi/files/" + fileId;

        ClientDoubles.call(file, token).override("LOCK").header("X-WOPI-Lock", "office-lock").post()
                .then().statusCode(401);
        ClientDoubles.call(file + "/contents", token).override("PUT").header("X-WOPI-Lock", "office-lock").post()
                .then().statusCode(401);
        ClientDoubles.call(file, token).override("RENAME_FILE").header("X-WOPI-RequestedName", "renamed").post()
                .then().statusCode(401);
        ClientDoubles.call(file, token).override("DELETE").post()
                .then().statusCode(401);

        // A token without the owner's right to share is held against the user's current role (AccessGate.current):
        // the file is read for that, and nothing else is asked, least of all a write.
        assertThat(asked).as("only the role re-check read anything").containsOnly("storage file");
    }

    @Test
    void aTokenForAnotherFileIsNotFoundForThisOneAndNothingIsAsked() {
        String elsewhere = tokens.mint("alice", "Alice", Resource.file(UUID.randomUUID().toString()), Permission.all())
                .token();

        ClientDoubles.call("/wopi/files/" + fileId, elsewhere).get().then().statusCode(404);
        assertThat(asked).isEmpty();
    }
}
