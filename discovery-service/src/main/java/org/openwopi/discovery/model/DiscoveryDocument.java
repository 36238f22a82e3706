package org.openwopi.discovery.model;

import java.util.List;
import java.util.Optional;

/** A parsed discovery document: its net zones and proof keys (absent when the client does not sign). */
public record DiscoveryDocument(List<NetZone> netZones, Optional<ProofKeys> proofKeys) {

    /** The named zone, else the first one, since clients such as Collabora publish a single zone of their own. */
    public Optional<NetZone> zone(String name) {
        return netZones.stream().filter(z -> z.name().equalsIgnoreCase(name)).findFirst()
                .or(() -> netZones.stream().findFirst());
    }
}
