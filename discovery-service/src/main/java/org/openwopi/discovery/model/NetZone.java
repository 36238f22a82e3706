package org.openwopi.discovery.model;

import java.util.List;

/** One {@code <net-zone>}: internal-http, internal-https, external-http or external-https. */
public record NetZone(String name, List<WopiApp> apps) {
}
