package org.openwopi.wopi.operations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link WopiFilesIT} against the packaged service: with {@code -Dnative}, the native executable, beside native peers. */
@QuarkusIntegrationTest
class PackagedWopiFilesIT extends WopiFilesIT {
}
