package org.openwopi.discovery.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of discovery-service, under {@code discovery.}. */
@ConfigMapping(prefix = "discovery")
public interface DiscoveryConfig {

    /**
     * The WOPI clients, by a name of our choosing ({@code discovery.clients.office.url=...}): Office Online Server,
     * Microsoft 365, Collabora Online, ONLYOFFICE, each known only by its discovery URL.
     */
    Map<String, Client> clients();

    /** The client that {@code default} names in the API; optional when exactly one client is configured. */
    Optional<String> defaultClient();

    /** The least time between two forced refreshes of one client, across all replicas (key rotation storms). */
    @WithDefault("PT1M")
    Duration forcedRefreshMinInterval();

    /** How often each replica checks whether a copy is due for refresh or a newer one is in Redis. */
    @WithDefault("PT30S")
    Duration checkInterval();

    /** Prefix of the Redis keys holding the shared copies. */
    @WithDefault("wopi:discovery:")
    String redisKeyPrefix();

    /** The longest a Redis call may take before the service carries on with its own copy. */
    @WithDefault("PT1S")
    Duration redisTimeout();

    /** The largest discovery document accepted, in bytes (Microsoft 365's is about 500 kB). */
    @WithDefault("10000000")
    int maxDocumentBytes();

    interface Client {

        /** The discovery URL, e.g. {@code https://onenote.officeapps.live.com/hosting/discovery}. */
        URI url();

        /** The net zone whose apps and actions to use; the first zone of the document when it has no such zone. */
        @WithDefault("external-https")
        String netZone();

        /** How old a copy may get before it is fetched again (Microsoft suggests 12 to 24 hours). */
        @WithDefault("PT12H")
        Duration refreshInterval();

        @WithDefault("PT5S")
        Duration connectTimeout();

        /** The whole fetch, from connecting to the last byte. */
        @WithDefault("PT15S")
        Duration requestTimeout();
    }
}
