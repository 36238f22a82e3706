package org.openwopi.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void rowWrittenIsReadBack() throws SQLException {
        try (PostgresServer postgres = new PostgresServer().start();
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE probe (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO probe VALUES (1, 'report.docx')");

            try (ResultSet rows = statement.executeQuery("SELECT name FROM probe WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("report.docx");
            }
        }
    }

    @Test
    void stopEndsTheServerEvenWithAnOpenSessionAndDeletesItsData() throws SQLException {
        PostgresServer postgres = new PostgresServer().start();
        Path dir = postgres.dir();
        Connection open = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");

        postgres.stop();

        assertThat(open.isValid(1)).isFalse();
        assertThat(ServerProcess.acceptsConnections(postgres.port())).isFalse();
        assertThat(dir).doesNotExist();
    }
}
