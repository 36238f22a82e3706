package org.openwopi.lock.rest.dto;

/**
 * Body of acquire.
 *
 * @param lockId    the WOPI lock id, 1 to 1024 characters
 * @param userId    who is editing (optional, recorded for operators)
 * @param clientApp which WOPI client asked (optional, recorded for operators)
 */
public record AcquireRequest(String lockId, String userId, String clientApp) {
}
