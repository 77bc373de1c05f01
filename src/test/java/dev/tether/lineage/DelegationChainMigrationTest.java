package dev.tether.lineage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tether.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V29 backfills each existing delegation's chain from its parent links: a database at V28 with
 * two lineages (one three links deep, one a lone user grant) is migrated, and every row must hold
 * the ids from its root's delegation down to itself.
 */
class DelegationChainMigrationTest {

    @Test
    void existingDelegationsGetTheirChainFromTheRootDown() throws SQLException {
        String database = "chain_migration_" + UUID.randomUUID().toString().replace("-", "");
        DataSource server = TestDatabase.postgres().getPostgresDatabase();
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        DataSource db = TestDatabase.postgres().getDatabase("postgres", database);
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("28").load().migrate();

        UUID dir = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID otherUser = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        UUID sibling = UUID.randomUUID();
        UUID alone = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO directories (id, name, created_at) VALUES (?, 'd', now())")) {
                ps.setObject(1, dir);
                ps.executeUpdate();
            }
            insert(c, dir, first, null, user, 1);
            insert(c, dir, alone, null, otherUser, 1);
            insert(c, dir, second, first, user, 2);
            insert(c, dir, sibling, first, user, 2);
            insert(c, dir, third, second, user, 3);
        }

        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

        try (Connection c = db.getConnection()) {
            assertArrayEquals(new UUID[] {first}, chainOf(c, first));
            assertArrayEquals(new UUID[] {first, second}, chainOf(c, second));
            assertArrayEquals(new UUID[] {first, second, third}, chainOf(c, third));
            assertArrayEquals(new UUID[] {first, sibling}, chainOf(c, sibling));
            assertArrayEquals(new UUID[] {alone}, chainOf(c, alone));
            // a chain is fixed once made: neither it nor the parent link it mirrors may be rewritten
            try (PreparedStatement ps = c.prepareStatement("UPDATE delegations SET parent_delegation_id = ? WHERE id = ?")) {
                ps.setObject(1, alone);
                ps.setObject(2, third);
                SQLException refused = assertThrows(SQLException.class, ps::executeUpdate);
                assertEquals("P0001", refused.getSQLState(), refused.getMessage());
            }
        }
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + database);
        }
    }

    private static void insert(Connection c, UUID dir, UUID id, UUID parent, UUID root, int depth) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO delegations (id, directory_id, delegator_type, delegator_id, agent_id, parent_delegation_id,
                                         root_user_id, depth, scopes, kind, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{read}', 'grant', 'active', ?)
                """)) {
            ps.setObject(1, id);
            ps.setObject(2, dir);
            ps.setString(3, parent == null ? "User" : "Agent");
            ps.setObject(4, parent == null ? root : UUID.randomUUID());
            ps.setObject(5, UUID.randomUUID());
            ps.setObject(6, parent);
            ps.setObject(7, root);
            ps.setInt(8, depth);
            ps.setObject(9, OffsetDateTime.now());
            ps.executeUpdate();
        }
    }

    private static UUID[] chainOf(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT chain FROM delegations WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return (UUID[]) rs.getArray(1).getArray();
            }
        }
    }
}
