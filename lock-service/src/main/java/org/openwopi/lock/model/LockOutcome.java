package org.openwopi.lock.model;

/** What a successful lock operation did. */
public enum LockOutcome {
    /** A new lock with a new fencing token. */
    ACQUIRED,
    /** The same lock id again: its TTL started over; the fencing token is unchanged. */
    REFRESHED,
    /** The old lock id was swapped for the new one, with a new fencing token. */
    RELOCKED,
    /** The lock is gone. */
    UNLOCKED,
    /** The lock exists (read only). */
    FOUND
}
