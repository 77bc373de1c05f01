package dev.tether.directory;

import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps PostgreSQL's planner statistics of the directory's tables current while they grow fast,
 * as they do in an IdP's initial sync. A statement the driver has prepared keeps the plan made
 * for it: planned while the users table was empty, an IdP's {@code userName eq} lookup reads the
 * whole table, and goes on doing so as the table grows, until statistics are gathered again and
 * the plan is made anew (then it is one index probe). Autovacuum gathers them at most once a
 * minute (its naptime), and an initial sync writes tens of thousands of users in that minute.
 * This looks every 10 s and analyzes a table that has grown by 500 rows and a tenth beyond the
 * row count the planner last took for it. Only growth counts: updates (a wave of deactivations)
 * leave the plans right, and are autovacuum's business. One replica at a time.
 */
@ApplicationScoped
public class PlannerStatistics {

    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);

    /** pg advisory lock key of this job ("tether" 0x05). */
    static final long LOCK_KEY = 0x7465746865720005L;

    /** The tables an IdP fills: names from here only, never from input. */
    static final Set<String> WATCHED = Set.of("users", "groups", "group_members");

    private static final String DUE = """
            SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
             WHERE s.schemaname = current_schema() AND s.relname = ANY (?::text[])
               AND s.n_live_tup > 500 + 1.1 * GREATEST(c.reltuples, 0)
             ORDER BY s.relname
            """;

    private final DataSource dataSource;
    private final Transactions transactions;

    public PlannerStatistics(DataSource dataSource, Transactions transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    @Scheduled(identity = "directory-planner-statistics", every = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRun() {
        try {
            analyzeWhatGrew();
        } catch (RuntimeException e) {
            LOG.warn("gathering planner statistics failed; the next run retries", e);
        }
    }

    /** @return the tables analyzed now (none when another replica holds the job) */
    public List<String> analyzeWhatGrew() {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!Jdbc.tryTransactionLock(c, LOCK_KEY)) {
                    return List.of();
                }
                // only WATCHED names come back, so only they reach the ANALYZE text
                List<String> due = Jdbc.query(dataSource, DUE, rs -> rs.getString(1),
                        (Object) WATCHED.toArray(new String[0]));
                try (Statement s = c.createStatement()) {
                    for (String table : due) {
                        s.execute("ANALYZE " + table);
                    }
                }
                return due;
            }
        });
    }
}
