package org.openwopi.discovery.model;

import java.util.List;

/** One {@code <app>}: Word, Excel, PowerPoint, WopiTest, or a mime type for Collabora's mime-keyed apps. */
public record WopiApp(String name, String favIconUrl, boolean checkLicense, List<WopiAction> actions) {
}
