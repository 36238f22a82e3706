package org.openwopi.lock.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link LockResourceTest} against the packaged service: with {@code -Dnative}, the native executable (its Lua scripts, Redis client and JSON). */
@QuarkusIntegrationTest
class LockResourceIT extends LockResourceTest {
}
