package org.openwopi.lock.rest.dto;

/** Body of refresh and unlock: the lock id the caller believes it holds. */
public record LockIdRequest(String lockId) {
}
