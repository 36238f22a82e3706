package org.openwopi.storage.share;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SharesTest} against the packaged service: with {@code -Dnative}, the native executable. */
@QuarkusIntegrationTest
class SharesIT extends SharesTest {
}
