package org.openwopi.storage.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresServer;

/**
 * The move to a top level per user (V3), applied to a database as the version before it left it: every top-level
 * file and folder lands in its owner's home, and nothing else changes (ids, versions, blobs, fencing tokens).
 */
class HomeFolderMigrationTest extends MigrationTestBase {

    @Test
    void topLevelEntriesMoveUnderTheirOwnersWithEveryVersion() throws SQLException {
        flyway("2").migrate();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");
             Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO containers VALUES ('c-alice', NULL, 'Projects', 'alice', now(), now())");
            sql.execute("INSERT INTO containers VALUES ('c-alice-sub', 'c-alice', 'Inner', 'alice', now(), now())");
            sql.execute("INSERT INTO containers VALUES ('c-bob', NULL, 'Bob stuff', 'bob', now(), now())");
            file(sql, "f-alice", null, "report.docx", "alice", 3, 7);
            file(sql, "f-bob", null, "budget.xlsx", "bob", 2, 0);
            file(sql, "f-nested", "c-alice-sub", "deep.txt", "alice", 1, 0);

            flyway("latest").migrate();

            String aliceHome = single(sql, "SELECT id FROM containers WHERE home_of = 'alice' AND parent_id IS NULL");
            String bobHome = single(sql, "SELECT id FROM containers WHERE home_of = 'bob' AND parent_id IS NULL");
            assertThat(aliceHome).isNotEqualTo(bobHome);
            assertThat(single(sql, "SELECT parent_id FROM containers WHERE id = 'c-alice'")).isEqualTo(aliceHome);
            assertThat(single(sql, "SELECT parent_id FROM containers WHERE id = 'c-bob'")).isEqualTo(bobHome);
            assertThat(single(sql, "SELECT parent_id FROM containers WHERE id = 'c-alice-sub'")).isEqualTo("c-alice");
            assertThat(single(sql, "SELECT container_id FROM files WHERE id = 'f-alice'")).isEqualTo(aliceHome);
            assertThat(single(sql, "SELECT container_id FROM files WHERE id = 'f-bob'")).isEqualTo(bobHome);
            assertThat(single(sql, "SELECT container_id FROM files WHERE id = 'f-nested'")).isEqualTo("c-alice-sub");
            assertThat(column(sql, "SELECT version || ':' || blob_key FROM file_versions WHERE file_id = 'f-alice' ORDER BY version"))
                    .containsExactly("1:blob-f-alice-1", "2:blob-f-alice-2", "3:blob-f-alice-3");
            assertThat(single(sql, "SELECT version || ':' || last_fencing_token || ':' || blob_key FROM files WHERE id = 'f-alice'"))
                    .isEqualTo("3:7:blob-f-alice-3");
            assertThat(single(sql, "SELECT count(*) FROM containers WHERE parent_id IS NULL")).isEqualTo("2");

            // From now on the same top-level name may exist once per user, and a name longer after its dot than 64.
            sql.execute("INSERT INTO files (id, container_id, name, extension, owner_id, size, sha256, version, blob_key, "
                    + "created_at, updated_at) VALUES ('f-bob-2', '" + bobHome + "', 'Report.docx', 'docx', 'bob', 0, '', 1, 'b', "
                    + "now(), now())");
            String longExtension = "x".repeat(200);
            sql.execute("UPDATE files SET extension = '" + longExtension + "' WHERE id = 'f-bob-2'");
        }
    }

    private static void file(Statement sql, String id, String container, String name, String owner, int versions,
                             long fencing) throws SQLException {
        sql.execute("INSERT INTO files (id, container_id, name, extension, owner_id, size, sha256, version, blob_key, "
                + "last_fencing_token, created_at, updated_at) VALUES ('" + id + "', " + (container == null ? "NULL" : "'" + container + "'")
                + ", '" + name + "', 'x', '" + owner + "', 1, 'h', " + versions + ", 'blob-" + id + "-" + versions + "', " + fencing
                + ", now(), now())");
        for (int v = 1; v <= versions; v++) {
            sql.execute("INSERT INTO file_versions (file_id, version, size, sha256, blob_key, created_at) VALUES ('" + id + "', "
                    + v + ", 1, 'h', 'blob-" + id + "-" + v + "', now())");
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        List<String> values = column(sql, query);
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private static List<String> column(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
