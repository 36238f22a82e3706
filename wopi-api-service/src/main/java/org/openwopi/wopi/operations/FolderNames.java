package org.openwopi.wopi.operations;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;

import io.smallrye.mutiny.Uni;

/**
 * Names in a folder, as the operations that make or rename things need them: a free name like a taken one, the
 * 409 that offers it (X-WOPI-ValidRelativeTarget), and storage-service's name refusals in WOPI's words.
 */
@ApplicationScoped
public class FolderNames {

    private final StorageClient storage;

    FolderNames(StorageClient storage) {
        this.storage = storage;
    }

    /** {@code name}, or the first {@code base (n).ext} nothing in the folder has (storage-service looks at every entry). */
    Uni<String> free(String folderId, String name) {
        return storage.freeName(folderId, name)
                .onFailure(e -> e instanceof DependencyException d && d.status() == 409)
                .transform(e -> new WopiException(409, "no free name like " + name))
                .onFailure(e -> e instanceof DependencyException d && d.status() == 400)
                .transform(e -> invalid((DependencyException) e));
    }

    /** A 409 for a taken name, offering a free one. */
    <T> Uni<T> taken(String folderId, String name, String reason) {
        return free(folderId, name).map(free -> {
            throw new WopiException(409, reason).header(WopiHeaders.VALID_RELATIVE_TARGET, Utf7.encode(free));
        });
    }

    /** storage-service refusing a name (rules: 400, taken: 409) is WOPI's 400 with X-WOPI-InvalidFileNameError. */
    static Throwable invalid(DependencyException e) {
        if (e.status() == 409 && "fenced".equals(e.member("reason"))) {
            return LockGate.fenced(e);
        }
        if (e.status() == 400 || e.status() == 409) {
            String reason = e.status() == 409 ? "an item with this name already exists" : e.detail();
            return WopiException.badRequest(reason).header(WopiHeaders.INVALID_FILE_NAME_ERROR, reason);
        }
        return e;
    }
}
