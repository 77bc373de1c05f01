package dev.tether.directory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.ScimDirectory;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An initial sync's users table grows faster than autovacuum looks at it: the job analyzes it
 * once it has grown by a tenth, and the IdP's lookup is planned on the userName index again.
 */
@QuarkusTest
class PlannerStatisticsTest {

    @Inject
    AgroalDataSource db;

    @Inject
    PlannerStatistics statistics;

    @Test
    void aUsersTableThatGrewByATenthIsAnalyzedAndLookedUpByItsIndex() throws Exception {
        statistics.analyzeWhatGrew(); // what earlier tests left due
        UUID directory = UUID.fromString(ScimDirectory.create("planner-statistics").id());
        long before = single("SELECT count(*) FROM users");
        long adding = 600 + before / 5; // more than 500 rows and a tenth of the table
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, directory_id, doc, version, created_at, last_modified, user_name, active, emails) "
                    + "SELECT gen_random_uuid(), '" + directory + "', jsonb_build_object('userName', 'p' || i), 1, now(), now(), "
                    + "'p' || i, true, ARRAY[]::text[] FROM generate_series(1, " + adding + ") i");
            s.execute("SELECT pg_stat_force_next_flush()"); // the insert's counts reach the statistics now, not in 10 s
        }

        List<String> analyzed = List.of();
        long deadline = System.nanoTime() + 10_000_000_000L; // the counts arrive once that session is idle
        while (analyzed.isEmpty() && System.nanoTime() < deadline
                && single("SELECT reltuples::bigint FROM pg_class WHERE relname = 'users' AND relkind = 'r'") < before + adding) {
            analyzed = statistics.analyzeWhatGrew();
            Thread.sleep(50);
        }

        // The scheduled run may have taken the table first; either way it is analyzed now.
        long estimated = single("SELECT reltuples::bigint FROM pg_class WHERE relname = 'users' AND relkind = 'r'");
        assertTrue(analyzed.contains("users") || estimated >= before + adding,
                "analyzed " + analyzed + ", planner's estimate " + estimated + " rows");
        assertTrue(estimated >= before + adding, "planner's estimate " + estimated + " rows");
        assertTrue(!statistics.analyzeWhatGrew().contains("users"), "nothing new to analyze");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE users SET last_modified = now() WHERE directory_id = '" + directory + "'");
            s.execute("SELECT pg_stat_force_next_flush()");
        }
        Thread.sleep(200);
        assertTrue(!statistics.analyzeWhatGrew().contains("users"), "updates alone are not growth");
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT id FROM users WHERE directory_id = ? "
                        + "AND lower(user_name) = lower(?) ORDER BY created_at, id LIMIT 100")) {
            ps.setObject(1, directory);
            ps.setString(2, "p7");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("users_user_name"), plan.toString());
        }
    }

    private long single(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
