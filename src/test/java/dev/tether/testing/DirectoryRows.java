package dev.tether.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a directory holds, counted straight from PostgreSQL: tests that send bad input compare
 * these counts before and after, so "changes nothing" is checked in the rows themselves.
 */
public final class DirectoryRows {

    private static final List<String> TABLES = List.of("users", "groups", "agents", "delegations", "credentials",
            "events", "audit_records");

    /** One connection for all counts: a fuzz run counts thousands of times. */
    private static Connection connection;

    private DirectoryRows() {
    }

    private static synchronized Connection connection() throws SQLException {
        // isValid, not isClosed: a test that simulates an outage ends this connection on the server side
        if (connection == null || !connection.isValid(2)) {
            connection = TestDatabase.postgres().getPostgresDatabase().getConnection();
        }
        return connection;
    }

    /**
     * Waits until the directory's event feed can show every event written so far. The feed stops
     * short of transactions still running anywhere (the oldest one's id bounds it, so a reader never
     * skips an event that commits later): on a loaded machine a background job's short transaction
     * can hold the feed back for a moment after a test's own write has committed.
     */
    public static synchronized void awaitFeedCaughtUp(String directoryId) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        try {
            while (true) {
                try (PreparedStatement ps = connection().prepareStatement("SELECT count(*) FROM events"
                        + " WHERE directory_id = ? AND txid >= pg_snapshot_xmin(pg_current_snapshot())")) {
                    ps.setObject(1, UUID.fromString(directoryId));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            return;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the event feed of " + directoryId + " did not catch up in 15 s");
                }
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static synchronized Map<String, Long> count(String directoryId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            Connection c = connection();
            for (String table : TABLES) {
                // the sealer publishes checkpoints of its own accord: they are no request's doing
                String mine = table.equals("events") ? " AND type <> 'audit.checkpoint'" : "";
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM " + table + " WHERE directory_id = ?" + mine)) {
                    ps.setObject(1, UUID.fromString(directoryId));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.directory_id = ?")) {
                ps.setObject(1, UUID.fromString(directoryId));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts.put("group_members", rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }
}
