package org.openwopi.wopi.host;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HostPageIT} against the packaged service: with {@code -Dnative}, the native executable, beside native peers. */
@QuarkusIntegrationTest
class PackagedHostPageIT extends HostPageIT {
}
