package org.openwopi.discovery.service;

import java.time.Instant;

import org.openwopi.discovery.model.DiscoveryDocument;

/**
 * A discovery document as held in process and in Redis.
 *
 * @param document  the parsed document
 * @param xml       the document as fetched (what Redis stores, so every replica parses the same bytes)
 * @param url       the discovery URL it came from
 * @param fetchedAt when it was fetched from the WOPI client (by whichever replica)
 */
public record CachedCopy(DiscoveryDocument document, String xml, String url, Instant fetchedAt) {
}
