package org.openwopi.discovery.rest.dto;

import java.util.List;

/**
 * An action found for an extension.
 *
 * @param fellBackFrom the action asked for when another answered instead (null otherwise)
 */
public record ActionView(String client, String app, String favIconUrl, boolean checkLicense, String name, String ext,
                         String urlsrc, List<String> requires, boolean isDefault, String targetext, String newext,
                         String fellBackFrom) {
}
