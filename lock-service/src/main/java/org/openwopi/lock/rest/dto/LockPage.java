package org.openwopi.lock.rest.dto;

import java.util.List;

/** One page of the lock listing; pass {@code nextCursor} back for the next, until it is "0". */
public record LockPage(List<LockView> locks, String nextCursor) {
}
