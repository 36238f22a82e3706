package org.openwopi.lock.rest.dto;

/**
 * Body of relock (WOPI UnlockAndRelock).
 *
 * @param oldLockId the id the file must hold now
 * @param lockId    the id it holds afterwards
 * @param userId    who is editing (optional)
 * @param clientApp which WOPI client asked (optional)
 */
public record RelockRequest(String oldLockId, String lockId, String userId, String clientApp) {
}
