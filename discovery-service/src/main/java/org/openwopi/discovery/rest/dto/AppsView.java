package org.openwopi.discovery.rest.dto;

import java.time.Instant;
import java.util.List;

import org.openwopi.discovery.model.WopiApp;

/** The apps and actions of the client's configured net zone. */
public record AppsView(String client, String netZone, Instant fetchedAt, List<WopiApp> apps) {
}
