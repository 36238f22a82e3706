package org.openwopi.storage.file;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link S3BackedFilesTest} against the packaged service: with {@code -Dnative}, the native executable's AWS S3 client against S3Proxy, signatures checked. */
@QuarkusIntegrationTest
class S3BackedFilesIT extends S3BackedFilesTest {
}
