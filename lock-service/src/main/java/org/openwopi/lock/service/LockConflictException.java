package org.openwopi.lock.service;

import java.util.Map;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/**
 * 409: the file is locked with another id, or not locked where the operation needs a lock. {@code currentLockId} is
 * the id the file holds now, the empty string when it is unlocked, which is what WOPI's {@code X-WOPI-Lock} must say.
 */
public class LockConflictException extends ApiException {

    public LockConflictException(String fileId, String currentLockId, String reason) {
        super(ErrorCode.LOCK_CONFLICT, reason + " (file " + fileId + ")",
                Map.of("currentLockId", currentLockId, "reason", reason));
    }
}
