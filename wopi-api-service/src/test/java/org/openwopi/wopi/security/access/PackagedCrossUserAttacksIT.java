package org.openwopi.wopi.security.access;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CrossUserAttacksIT} against the packaged service: with {@code -Dnative}, the native executable, beside native peers. */
@QuarkusIntegrationTest
class PackagedCrossUserAttacksIT extends CrossUserAttacksIT {
}
