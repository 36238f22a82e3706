package org.openwopi.discovery.rest.dto;

import java.time.Instant;
import java.util.List;

import org.openwopi.discovery.model.ProofKey;

/** The client's proof keys, the copy they come from, and what did not add up in them. */
public record ProofKeysView(String client, ProofKey current, ProofKey old, boolean consistent, List<String> problems,
                            Instant fetchedAt) {
}
