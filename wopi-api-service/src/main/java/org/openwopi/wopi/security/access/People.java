package org.openwopi.wopi.security.access;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.openwopi.wopi.clients.StorageClient;

import io.smallrye.mutiny.Uni;

/**
 * Tells storage-service who signed in and which groups their identity provider names now. Shares name these people
 * and groups, and the access gate's WOPI decisions (WOPI calls carry no OIDC token) read a person's groups from there:
 * a person's new groups count from their next user-API request, and a group they left stops counting then too.
 */
@ApplicationScoped
public class People {

    private static final Logger LOG = Logger.getLogger(People.class);
    /** Unchanged people are told again after this long, so that storage-service's "seen" stays roughly current. */
    private static final long RETELL_MILLIS = 10 * 60_000;
    private static final int MAX_REMEMBERED = 100_000;

    private final StorageClient storage;
    private final ConcurrentHashMap<String, Told> told = new ConcurrentHashMap<>();

    People(StorageClient storage) {
        this.storage = storage;
    }

    private record Told(String displayName, List<String> groups, long at) {
    }

    /**
     * Records the person when what is known of them changed (or long ago). A failure is logged, not raised: the
     * request goes on, and the next one tells again.
     */
    public Uni<Void> seen(String userId, String displayName, List<String> groups) {
        List<String> sorted = groups.stream().sorted().toList();
        Told known = told.get(userId);
        long now = System.currentTimeMillis();
        if (known != null && Objects.equals(known.displayName(), displayName) && known.groups().equals(sorted)
                && now - known.at() < RETELL_MILLIS) {
            return Uni.createFrom().voidItem();
        }
        return storage.saw(userId, displayName, sorted)
                .invoke(person -> {
                    if (told.size() >= MAX_REMEMBERED) {
                        told.clear();
                    }
                    told.put(userId, new Told(displayName, sorted, now));
                })
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not record %s's groups in storage-service: %s", userId, failure.getMessage());
                    return null;
                });
    }
}
