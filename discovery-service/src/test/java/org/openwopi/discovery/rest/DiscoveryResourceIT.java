package org.openwopi.discovery.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DiscoveryResourceTest} against the packaged service: with {@code -Dnative}, the native executable (the discovery XML parser, the proof keys, the copy shared through Redis). */
@QuarkusIntegrationTest
class DiscoveryResourceIT extends DiscoveryResourceTest {
}
