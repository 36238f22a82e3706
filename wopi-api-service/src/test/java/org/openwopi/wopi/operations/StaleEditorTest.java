package org.openwopi.wopi.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.LockClient.Lock;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiOperation;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;
import org.openwopi.wopi.support.UnusedLocks;
import org.openwopi.wopi.support.UnusedStorage;

import io.smallrye.mutiny.Uni;

/**
 * RenameFile and DeleteFile write under a lock's fencing token, so a lock that changes between the check and the
 * write makes the write lose instead of overtaking the new holder. The operations alone, with doubles of our own
 * clients playing the race exactly (no services, no timing): storage-service refuses a token older than the newest it
 * has seen, as its real Preconditions do (storage-service's MetadataWriteFencingTest holds it to that).
 */
class StaleEditorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final String fileId = UUID.randomUUID().toString();

    /** storage-service as the race leaves it: another holder's write with token {@code newest} already landed. */
    private final class Storage extends UnusedStorage {
        final long newest;
        final List<Long> tokensSeen = new ArrayList<>();
        String name = "report.docx";
        boolean deleted;

        Storage(long newest) {
            this.newest = newest;
        }

        @Override
        public Uni<FileMeta> file(String id) {
            return Uni.createFrom().item(new FileMeta(id, name, "docx", "folder", "alice", 10, null, 3, newest, "alice",
                    Instant.EPOCH, Instant.EPOCH));
        }

        private <T> Uni<T> fenced(Long token, java.util.function.Supplier<T> write) {
            tokensSeen.add(token);
            if (token == null || token < newest) {
                return Uni.createFrom().failure(new DependencyException("storage-service", 409, "CONFLICT",
                        "a newer lock wrote first", Map.of("reason", "fenced")));
            }
            return Uni.createFrom().item(write);
        }

        @Override
        public Uni<FileMeta> rename(String id, Long fencingToken, String ifMatch, String newName) {
            return fenced(fencingToken, () -> {
                name = newName;
                return null;
            }).flatMap(ignored -> file(id));
        }

        @Override
        public Uni<Void> delete(String id, Long fencingToken, String ifMatch) {
            return fenced(fencingToken, () -> {
                deleted = true;
                return null;
            }).replaceWithVoid();
        }
    }

    private static Lock lock(String id, long token) {
        return new Lock("f", id, Instant.now().plusSeconds(1800), token, null, "ACQUIRED");
    }

    private WopiCall call(WopiOperation operation, Map<String, String> headers) {
        AccessToken token = new AccessToken("alice", "Alice", Resource.file(fileId), EnumSet.allOf(Permission.class),
                Instant.now().plusSeconds(600));
        return new WopiCall(operation, fileId, token, headers::get, null, "/wopi/files/" + fileId);
    }

    private static FileOperations operations(UnusedStorage storage, UnusedLocks locks) {
        return new FileOperations(storage, new LockGate(locks), new GuardedWrites(locks), null, null);
    }

    @Test
    void aRenameByAnEditorWhoseLockWasTakenOverLosesAndTheNameStays() {
        // The editor checked its lock (token 5) and is slow; meanwhile its lock expired, Office gave the file to
        // someone else (token 6), who saved. The rename arrives with token 5.
        Storage storage = new Storage(6);
        UnusedLocks locks = new UnusedLocks() {
            @Override
            public Uni<Lock> current(String id) {
                return Uni.createFrom().item(lock("editor-lock", 5));
            }
        };

        Throwable refused = catchThrowable(() -> operations(storage, locks).renameFile(call(WopiOperation.RENAME_FILE,
                Map.of(WopiHeaders.REQUESTED_NAME, "renamed", WopiHeaders.LOCK, "editor-lock"))).await().atMost(WAIT));

        assertThat(storage.tokensSeen).as("the rename carried the lock's fencing token").containsExactly(5L);
        assertThat(refused).isInstanceOfSatisfying(WopiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.headers()).containsKey(WopiHeaders.LOCK);
        });
        assertThat(storage.name).isEqualTo("report.docx");
    }

    @Test
    void aRenameUnderTheCurrentLockCarriesItsTokenAndIsSaved() {
        Storage storage = new Storage(6);
        UnusedLocks locks = new UnusedLocks() {
            @Override
            public Uni<Lock> current(String id) {
                return Uni.createFrom().item(lock("holder-lock", 6));
            }
        };

        operations(storage, locks).renameFile(call(WopiOperation.RENAME_FILE,
                Map.of(WopiHeaders.REQUESTED_NAME, "renamed", WopiHeaders.LOCK, "holder-lock"))).await().atMost(WAIT);

        assertThat(storage.tokensSeen).containsExactly(6L);
        assertThat(storage.name).isEqualTo("renamed.docx");
    }

    @Test
    void aDeleteThatFindsTheFileLockedByTheTimeItWritesLosesAndTheFileStays() {
        // Unlocked when checked; Office locked it before the delete could take its own short lock.
        Storage storage = new Storage(6);
        List<String> released = new ArrayList<>();
        UnusedLocks locks = new UnusedLocks() {
            boolean officeHasIt;

            @Override
            public Uni<Lock> current(String id) {
                Lock now = officeHasIt ? lock("office-lock", 7) : null;
                officeHasIt = true;
                return Uni.createFrom().item(now);
            }

            @Override
            public Uni<Lock> acquire(String id, Acquire request) {
                return Uni.createFrom().failure(new DependencyException("lock-service", 409, "CONFLICT", "locked",
                        Map.of("currentLockId", "office-lock", "reason", "locked")));
            }

            @Override
            public Uni<Lock> unlock(String id, String lockId) {
                released.add(lockId);
                return Uni.createFrom().nullItem();
            }
        };

        Throwable refused = catchThrowable(() -> operations(storage, locks).deleteFile(call(WopiOperation.DELETE_FILE,
                Map.of())).await().atMost(WAIT));

        assertThat(refused).isInstanceOfSatisfying(WopiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.headers()).containsEntry(WopiHeaders.LOCK, "office-lock");
        });
        assertThat(storage.tokensSeen).as("nothing reached storage-service").isEmpty();
        assertThat(storage.deleted).isFalse();
        assertThat(released).as("no lock of ours was taken, so none is released").isEmpty();
    }

    @Test
    void aDeleteOfAnUnlockedFileWritesUnderItsOwnLocksTokenAndReleasesIt() {
        Storage storage = new Storage(6);
        List<String> released = new ArrayList<>();
        UnusedLocks locks = new UnusedLocks() {
            String ours;

            @Override
            public Uni<Lock> current(String id) {
                return Uni.createFrom().nullItem();
            }

            @Override
            public Uni<Lock> acquire(String id, Acquire request) {
                ours = request.lockId();
                return Uni.createFrom().item(lock(ours, 7));
            }

            @Override
            public Uni<Lock> unlock(String id, String lockId) {
                released.add(lockId);
                return Uni.createFrom().nullItem();
            }
        };

        operations(storage, locks).deleteFile(call(WopiOperation.DELETE_FILE, Map.of())).await().atMost(WAIT);

        assertThat(storage.tokensSeen).containsExactly(7L);
        assertThat(storage.deleted).isTrue();
        assertThat(released).hasSize(1).allMatch(id -> id.startsWith("openwopi-user-api:"));
    }
}
