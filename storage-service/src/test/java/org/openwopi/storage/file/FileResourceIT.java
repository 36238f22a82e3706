package org.openwopi.storage.file;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link FileResourceTest} against the packaged service: with {@code -Dnative}, the native executable (Flyway's migrations, the reactive PostgreSQL client, Hibernate Reactive, streaming blobs). */
@QuarkusIntegrationTest
class FileResourceIT extends FileResourceTest {
}
