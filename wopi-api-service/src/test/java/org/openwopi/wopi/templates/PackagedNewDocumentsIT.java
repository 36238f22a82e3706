package org.openwopi.wopi.templates;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link NewDocumentsIT} against the packaged service: with {@code -Dnative}, the native executable, beside native peers. */
@QuarkusIntegrationTest
class PackagedNewDocumentsIT extends NewDocumentsIT {
}
