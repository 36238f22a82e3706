package org.openwopi.wopi.clients;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the internal services are and how wopi-api-service calls them: one place for every timeout, retry and
 * breaker, per service. Every key is documented in the service README.
 */
@ConfigMapping(prefix = "wopi.clients")
public interface ClientsConfig {

    /** How long opening a connection to an internal service may take before the call fails (503). */
    @WithDefault("1S")
    Duration connectTimeout();

    /** storage-service: metadata calls here; file contents stream over their own connections, without this timeout. */
    Service storage();

    /** lock-service. */
    Service lock();

    /** discovery-service. */
    Service discovery();

    interface Service {

        /** The service's base URL (its Kubernetes Service name in production). */
        String url();

        /** How long one call may take before the caller gets a 503; the connection is let go after twice this. */
        @WithDefault("5S")
        Duration timeout();

        /** How often a read that got no answer (connection lost, timed out) is tried again. Writes never are. */
        @WithDefault("2")
        int readRetries();

        /** The pause before a read is tried again. */
        @WithDefault("50MS")
        Duration retryDelay();

        Breaker breaker();
    }

    /**
     * The circuit breaker of one service: it opens when this share of the last calls got no answer at all (a refusal
     * is an answer and never counts), then lets calls through again after the delay.
     */
    interface Breaker {

        @WithDefault("20")
        int requestVolume();

        @WithDefault("0.75")
        double failureRatio();

        @WithDefault("5S")
        Duration delay();
    }
}
