package org.openwopi.discovery.rest.dto;

/** The URL a host page posts {@code access_token} and {@code access_token_ttl} to, and the action behind it. */
public record ResolvedAction(String url, ActionView action) {
}
