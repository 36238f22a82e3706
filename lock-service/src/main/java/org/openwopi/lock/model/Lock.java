package org.openwopi.lock.model;

import java.time.Instant;

/**
 * A WOPI lock as it stands in Redis.
 *
 * @param fileId       the locked file
 * @param lockId       the WOPI client's opaque lock id (1 to 1024 characters)
 * @param holder       who took it
 * @param expiresAt    when Redis drops it unless refreshed
 * @param fencingToken the file's write fence: strictly greater for every new acquisition of that file
 */
public record Lock(String fileId, String lockId, Holder holder, Instant expiresAt, long fencingToken) {

    /**
     * @param userId     the user whose editing session took the lock (may be empty)
     * @param clientApp  the WOPI client that asked for it, e.g. "Word Online" (may be empty)
     * @param acquiredAt when this lock id was first granted (a refresh keeps it)
     * @param users      everyone whose session locked with this id (co-authors share one), the holder first
     */
    public record Holder(String userId, String clientApp, Instant acquiredAt, java.util.List<String> users) {
    }
}
