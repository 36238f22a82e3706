package org.openwopi.discovery.rest.dto;

import java.time.Instant;

/**
 * @param fetched     whether this call (or the fetch it joined) fetched the document
 * @param rateLimited whether a recent forced refresh, on any replica, made this one skip the fetch
 * @param fetchedAt   when the copy now in use was fetched
 */
public record RefreshView(String client, boolean fetched, boolean rateLimited, Instant fetchedAt) {
}
