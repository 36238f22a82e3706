package org.openwopi.storage.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.openwopi.testsupport.PostgresServer;

/**
 * Shares and people (V4), applied to a database as the version before it left it: homes, folders and files are
 * untouched, and the new tables hold what the service writes and let go of what a deleted item leaves behind.
 */
class ShareMigrationTest extends MigrationTestBase {

    @Test
    void existingItemsStayAsTheyWereAndSharesFollowTheirItems() throws SQLException {
        flyway("3").migrate();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");
             Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO containers (id, parent_id, name, owner_id, home_of, created_at, updated_at) "
                    + "VALUES ('h-alice', NULL, 'alice', 'alice', 'alice', now(), now())");
            sql.execute("INSERT INTO containers (id, parent_id, name, owner_id, created_at, updated_at) "
                    + "VALUES ('c-team', 'h-alice', 'Team', 'alice', now(), now())");
            sql.execute("INSERT INTO files (id, container_id, name, extension, owner_id, size, sha256, version, blob_key, "
                    + "last_fencing_token, created_at, updated_at) VALUES ('f-plan', 'c-team', 'Plan.docx', 'docx', 'alice', "
                    + "5, 'h', 2, 'blob-2', 9, now(), now())");

            flyway("latest").migrate();

            assertThat(single(sql, "SELECT parent_id || '/' || owner_id FROM containers WHERE id = 'c-team'"))
                    .isEqualTo("h-alice/alice");
            assertThat(single(sql, "SELECT container_id || ':' || version || ':' || blob_key || ':' || last_fencing_token "
                    + "FROM files WHERE id = 'f-plan'")).isEqualTo("c-team:2:blob-2:9");
            assertThat(single(sql, "SELECT count(*) FROM shares")).isEqualTo("0");

            sql.execute("INSERT INTO people (id, display_name, groups, seen_at) VALUES ('bob', 'Bob', '{team}', now())");
            sql.execute("INSERT INTO shares (id, container_id, grantee_type, grantee, role, created_by, created_at) "
                    + "VALUES ('s-folder', 'c-team', 'group', 'team', 'editor', 'alice', now())");
            sql.execute("INSERT INTO shares (id, file_id, grantee_type, grantee, role, created_by, created_at) "
                    + "VALUES ('s-file', 'f-plan', 'user', 'bob', 'viewer', 'alice', now())");
            // One share per item and grantee, of one item, with a role the service knows.
            assertThatThrownBy(() -> sql.execute("INSERT INTO shares (id, file_id, grantee_type, grantee, role, created_by, "
                    + "created_at) VALUES ('s-again', 'f-plan', 'user', 'bob', 'editor', 'alice', now())"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> sql.execute("INSERT INTO shares (id, file_id, container_id, grantee_type, grantee, role, "
                    + "created_by, created_at) VALUES ('s-both', 'f-plan', 'c-team', 'user', 'carol', 'viewer', 'alice', now())"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> sql.execute("INSERT INTO shares (id, file_id, grantee_type, grantee, role, created_by, "
                    + "created_at) VALUES ('s-owner', 'f-plan', 'user', 'carol', 'owner', 'alice', now())"))
                    .isInstanceOf(SQLException.class);

            sql.execute("DELETE FROM files WHERE id = 'f-plan'");
            assertThat(single(sql, "SELECT string_agg(id, ',') FROM shares")).isEqualTo("s-folder");
            sql.execute("DELETE FROM containers WHERE id = 'c-team'");
            assertThat(single(sql, "SELECT count(*) FROM shares")).isEqualTo("0");
            assertThat(single(sql, "SELECT array_to_string(groups, ',') FROM people WHERE id = 'bob'")).isEqualTo("team");
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            String value = rows.getString(1);
            assertThat(rows.next()).isFalse();
            return value;
        }
    }
}
