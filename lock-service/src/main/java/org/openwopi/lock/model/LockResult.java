package org.openwopi.lock.model;

/** The answer of one atomic lock script. */
public sealed interface LockResult {

    /** The operation happened; {@code lock} is the lock after it (before it, for an unlock). */
    record Done(LockOutcome outcome, Lock lock) implements LockResult {
    }

    /** Refused: the file is locked with another id. */
    record Conflict(String currentLockId) implements LockResult {
    }

    /** Refused or nothing to read: the file is not locked. */
    record NotLocked() implements LockResult {
    }
}
