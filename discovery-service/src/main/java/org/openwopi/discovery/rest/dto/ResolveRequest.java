package org.openwopi.discovery.rest.dto;

import java.util.Map;

/**
 * Body of resolve.
 *
 * @param ext          the file's extension, without dot
 * @param action       the action wanted; empty for the extension's default
 * @param wopiSrc      the file's WOPI URL, e.g. {@code https://wopi.example.com/wopi/files/abc}
 * @param placeholders values by placeholder name (UI_LLCC, DC_LLCC, BUSINESS_USER, ...); others are removed
 */
public record ResolveRequest(String ext, String action, String wopiSrc, Map<String, String> placeholders) {
}
