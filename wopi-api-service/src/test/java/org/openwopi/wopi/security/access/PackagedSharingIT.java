package org.openwopi.wopi.security.access;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SharingIT} against the packaged service: with {@code -Dnative}, the native executable, beside native peers. */
@QuarkusIntegrationTest
class PackagedSharingIT extends SharingIT {
}
