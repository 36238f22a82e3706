package org.openwopi.wopi.security.access;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.config.WopiConfig;

import io.smallrye.mutiny.Uni;

/**
 * Tells storage-service who signed in and which groups they are in now. Shares name these people and groups, and the
 * access gate's WOPI decisions (WOPI calls carry no OIDC token) read a person's groups from there.
 *
 * <p>Where the groups come from: without a {@link Directory}, from the person's latest user-API request, so a group
 * they join or leave counts from their next one. With one ({@code wopi.directory.enabled}), from the directory, asked
 * again once what storage-service holds is older than {@code wopi.directory.max-age}; before deciding on a token that
 * came from a share, the gate has them brought up to date ({@link #current}), so leaving a group stops an open
 * session too.
 */
@ApplicationScoped
public class People {

    private static final Logger LOG = Logger.getLogger(People.class);
    /** Unchanged people are told again after this long, so that storage-service's "seen" stays roughly current. */
    private static final long RETELL_MILLIS = 10 * 60_000;
    private static final int MAX_REMEMBERED = 100_000;

    private final StorageClient storage;
    private final Directory directory;
    private final long directoryMaxAgeMillis;
    private final ConcurrentHashMap<String, Told> told = new ConcurrentHashMap<>();

    People(StorageClient storage, Directory directory, WopiConfig config) {
        this.storage = storage;
        this.directory = directory;
        this.directoryMaxAgeMillis = config.directory().maxAge().toMillis();
    }

    /** What this replica last told storage-service of a person, and when ({@code displayName} null: not known here). */
    private record Told(String displayName, List<String> groups, long at) {
    }

    /**
     * Records the person, signed in with {@code tokenGroups}, when what is known of them changed (or long ago). A
     * failure is logged, not raised: the request goes on, and the next one tells again.
     */
    public Uni<Void> seen(String userId, String displayName, List<String> tokenGroups) {
        Told known = told.get(userId);
        long now = System.currentTimeMillis();
        if (directory.enabled()) {
            if (known != null && Objects.equals(known.displayName(), displayName) && now - known.at() < directoryMaxAgeMillis) {
                return Uni.createFrom().voidItem();
            }
            return directory.groups(userId).flatMap(groups -> tell(userId, displayName, groups, now))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("Could not record %s's groups: %s", userId, failure.getMessage());
                        return null;
                    });
        }
        List<String> sorted = tokenGroups.stream().sorted().toList();
        if (known != null && Objects.equals(known.displayName(), displayName) && known.groups().equals(sorted)
                && now - known.at() < RETELL_MILLIS) {
            return Uni.createFrom().voidItem();
        }
        return tell(userId, displayName, sorted, now)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not record %s's groups in storage-service: %s", userId, failure.getMessage());
                    return null;
                });
    }

    /**
     * Brings storage-service's record of the person's groups up to the directory's, unless it is younger than
     * {@code wopi.directory.max-age}; nothing without a directory. Fails (503) when the directory or storage-service
     * cannot be asked: a decision that depends on groups waits for groups that hold.
     */
    public Uni<Void> current(String userId) {
        if (!directory.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Told known = told.get(userId);
        long now = System.currentTimeMillis();
        if (known != null && now - known.at() < directoryMaxAgeMillis) {
            return Uni.createFrom().voidItem();
        }
        // The name is left as storage-service has it (null): only a sign-in tells a person's name.
        return directory.groups(userId).flatMap(groups -> tell(userId, known == null ? null : known.displayName(), groups, now));
    }

    private Uni<Void> tell(String userId, String displayName, List<String> groups, long now) {
        return storage.saw(userId, displayName, groups)
                .invoke(person -> {
                    if (told.size() >= MAX_REMEMBERED) {
                        told.clear();
                    }
                    told.put(userId, new Told(displayName, groups, now));
                })
                .replaceWithVoid();
    }
}
