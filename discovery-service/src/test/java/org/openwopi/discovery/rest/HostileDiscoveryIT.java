package org.openwopi.discovery.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HostileDiscoveryTest} against the packaged service: with {@code -Dnative}, the native executable's XML parser refuses what the JVM's does. */
@QuarkusIntegrationTest
class HostileDiscoveryIT extends HostileDiscoveryTest {
}
