package org.openwopi.storage.migration;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openwopi.testsupport.PostgresServer;

/** A private PostgreSQL per migration test class, migrated by hand to the version a test starts from. */
abstract class MigrationTestBase {

    static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = new PostgresServer().start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Flyway on the service's migrations, up to {@code target} ("latest" for all). */
    static Flyway flyway(String target) {
        return Flyway.configure().dataSource(postgres.jdbcUrl(), PostgresServer.USER, "")
                .locations("classpath:db/migration").target(target).load();
    }
}
