package org.openwopi.wopi.userapi;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UserApiIT} against the packaged service: with {@code -Dnative}, the native executable, beside native peers. */
@QuarkusIntegrationTest
class PackagedUserApiIT extends UserApiIT {
}
