package org.openwopi.wopi.operations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link WopiContainersIT} against the packaged service: with {@code -Dnative}, the native executable, beside native peers. */
@QuarkusIntegrationTest
class PackagedWopiContainersIT extends WopiContainersIT {
}
