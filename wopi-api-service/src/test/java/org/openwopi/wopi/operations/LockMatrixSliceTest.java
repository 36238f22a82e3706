package org.openwopi.wopi.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.RequestBody;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;
import org.openwopi.wopi.support.ClientDoubles;
import org.openwopi.wopi.support.ClientDoubles.Call;
import org.openwopi.wopi.support.OfficeDouble;
import org.openwopi.wopi.support.UnusedLocks;
import org.openwopi.wopi.support.UnusedStorage;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The WOPI lock matrix through the real edge (routes, token and proof checks, the operations, the one failure mapping)
 * with lock-, storage- and discovery-service replaced by doubles of our own client interfaces ({@link ClientDoubles}): no Redis, no
 * PostgreSQL, no sibling service. Each test plays one answer of lock-service and checks what Office gets and what was
 * asked of the services. The same matrix against the real services is in WopiFilesIT.
 */
@QuarkusTest
@TestProfile(ClientDoubles.Profile.class)
class LockMatrixSliceTest {

    private static final String OTHER_LOCK = "someone-elses-lock";

    @Inject
    AccessTokens tokens;

    private final String fileId = UUID.randomUUID().toString();
    /** What wopi-api-service asked lock-service and storage-service for, in order. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    /** The lock lock-service holds for the file in this test (null: none). */
    private volatile String held;

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private FileMeta meta() {
        return new FileMeta(fileId, "report.docx", "docx", "folder", "alice", 5, null, 7, 0, "alice", Instant.EPOCH,
                Instant.EPOCH);
    }

    private LockClient.Lock lock(String lockId) {
        return new LockClient.Lock(fileId, lockId, Instant.now().plusSeconds(1800), 3, null, "ACQUIRED");
    }

    private Uni<LockClient.Lock> conflict() {
        asked.add("conflict");
        return Uni.createFrom().failure(new DependencyException(LockClient.SERVICE, 409, "LOCK_CONFLICT", "locked",
                Map.of("currentLockId", held, "reason", "locked by another client")));
    }

    @BeforeEach
    void doubles() {
        ClientDoubles.reset();
        ClientDoubles.storage(new UnusedStorage() {
            @Override
            public Uni<FileMeta> file(String id) {
                asked.add("storage file " + id);
                return Uni.createFrom().item(meta());
            }

            @Override
            public Uni<FileMeta> upload(String id, RequestBody body, Map<String, String> headers, String userId) {
                asked.add("storage upload");
                return Uni.createFrom().failure(new AssertionError("nothing may be written in these tests"));
            }
        });
        ClientDoubles.locks(new UnusedLocks() {
            @Override
            public Uni<Lock> current(String id) {
                asked.add("lock current");
                return Uni.createFrom().item(held == null ? null : lock(held));
            }

            @Override
            public Uni<Lock> acquire(String id, Acquire request) {
                asked.add("lock acquire " + request.lockId() + " for " + request.userId());
                if (held != null && !held.equals(request.lockId())) {
                    return conflict();
                }
                held = request.lockId();
                return Uni.createFrom().item(lock(held));
            }

            @Override
            public Uni<Lock> unlock(String id, String lockId) {
                asked.add("lock unlock " + lockId);
                return held != null && held.equals(lockId) ? Uni.createFrom().item(lock(lockId)) : conflict();
            }
        });
    }

    private Call office(String path, String userId) {
        return ClientDoubles.call(path, tokens.mint(userId, userId, Resource.file(fileId), Permission.all()).token());
    }

    private Call wopi(String override, String userId) {
        return office("/wopi/files/" + fileId, userId).header("X-WOPI-Override", override);
    }

    @Test
    void lockingAnUnlockedFileTakesTheLockForTheUserAndAnswersTheFilesVersion() {
        wopi("LOCK", "alice").header("X-WOPI-Lock", "office-lock").post()
                .then().statusCode(200).header("X-WOPI-ItemVersion", equalTo("7"));

        assertThat(asked).containsExactly("storage file " + fileId, "lock acquire office-lock for alice");
    }

    @Test
    void lockingAFileLockedByAnotherClientIs409WithTheCurrentLockAndAReason() {
        held = OTHER_LOCK;

        wopi("LOCK", "alice").header("X-WOPI-Lock", "office-lock").post()
                .then().statusCode(409)
                .header("X-WOPI-Lock", equalTo(OTHER_LOCK))
                .header("X-WOPI-LockFailureReason", not(emptyOrNullString()));
        assertThat(held).isEqualTo(OTHER_LOCK);
    }

    @Test
    void getLockOfAnUnlockedFileAnswersAnEmptyLock() {
        wopi("GET_LOCK", "alice").post().then().statusCode(200).header("X-WOPI-Lock", equalTo(""));
    }

    @Test
    void unlockingWithAnotherLockIdIs409AndLeavesTheLock() {
        held = OTHER_LOCK;

        wopi("UNLOCK", "alice").header("X-WOPI-Lock", "office-lock").post()
                .then().statusCode(409).header("X-WOPI-Lock", equalTo(OTHER_LOCK));
        assertThat(held).isEqualTo(OTHER_LOCK);
    }

    @Test
    void aSaveToAFileLockedByAnotherClientIs409AndWritesNothing() {
        held = OTHER_LOCK;

        office("/wopi/files/" + fileId + "/contents", "alice").header("X-WOPI-Override", "PUT")
                .header("X-WOPI-Lock", "office-lock").header("Content-Type", "application/octet-stream").post()
                .then().statusCode(409).header("X-WOPI-Lock", equalTo(OTHER_LOCK));
        assertThat(asked).doesNotContain("storage upload");
    }

    @Test
    void aLockWhileLockServiceIsDownIs503WithARetryAfterAndNoStackTrace() {
        ClientDoubles.locks(new UnusedLocks() {
            @Override
            public Uni<Lock> acquire(String id, Acquire request) {
                return Uni.createFrom().failure(new DependencyException(LockClient.SERVICE, 503, "UNAVAILABLE",
                        "Redis is not reachable", Map.of()));
            }
        });

        wopi("LOCK", "alice").header("X-WOPI-Lock", "office-lock").post()
                .then().statusCode(503).header("Retry-After", equalTo("5"))
                .body(not(containsString("Exception")));
    }

    @Test
    void aRequestWhoseProofIsSignedByAStrangerIsRefusedBeforeAnyServiceIsAsked() {
        String token = tokens.mint("alice", "alice", Resource.file(fileId), Permission.all()).token();
        String url = ClientDoubles.call("/wopi/files/" + fileId, token).url();
        given().urlEncodingEnabled(false)
                .headers(OfficeDouble.proofHeaders(token, url, Instant.now(), OfficeDouble.strangerKey(),
                        OfficeDouble.strangerKey()))
                .header("X-WOPI-Override", "LOCK").header("X-WOPI-Lock", "office-lock")
                .post(url)
                .then().statusCode(500);
        assertThat(asked).isEmpty();
    }
}
