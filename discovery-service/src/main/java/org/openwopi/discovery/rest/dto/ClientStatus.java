package org.openwopi.discovery.rest.dto;

import java.time.Instant;
import java.util.List;

/**
 * What this replica knows of one WOPI client.
 *
 * @param state FRESH (a copy within its refresh interval), STALE (an older copy, still served) or MISSING
 */
public record ClientStatus(String name, String url, String netZone, String state, Instant fetchedAt, Long ageSeconds,
                           Instant lastAttemptAt, String lastError, boolean proofKeysPresent, List<String> proofKeyProblems) {
}
