package dev.tether.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Runs a use case in one transaction, and runs it again when PostgreSQL aborted it for a
 * deadlock or a serialization failure: such an abort changed nothing, so repeating is safe, and
 * a client should never see a 5xx for a write that merely raced another. Work started inside a
 * transaction joins it: the use case's boundary (an endpoint, a job) opens the transaction and
 * retries it whole, and the stores it calls take part in it. What the use case held back
 * ({@link HeldWrites}) is sent before the commit.
 */
@ApplicationScoped
public class Transactions {

    private static final int ATTEMPTS = 6;

    private final HeldWrites held;

    public Transactions(HeldWrites held) {
        this.held = held;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    public <T> T run(Work<T> work) {
        if (QuarkusTransaction.isActive()) {
            return join(work);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    try {
                        T result = work.run();
                        held.send(); // here, a failure is the use case's own, and retried like one
                        return result;
                    } catch (SQLException e) {
                        throw new DataAccessException(e);
                    }
                });
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * A read on the hot path that is one statement, and so one snapshot: run on a plain
     * connection in a transaction of its own, without the JTA transaction manager, whose begin
     * and commit cost more than the statement. The database's {@code BEGIN} travels with the
     * statement, so the read is two round trips: the statement and the commit (which lets it use
     * {@code SET LOCAL}). Inside a use case's transaction it joins that transaction instead.
     */
    public <T> T read(DataSource dataSource, ConnectionWork<T> work) {
        if (QuarkusTransaction.isActive()) {
            return join(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return work.run(c);
                }
            });
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * A read that is a single statement: run in autocommit, where the statement is its own
     * snapshot, so it is one round trip with no commit after it. A setting it needs goes in the
     * same round trip with {@code set_config(name, value, true)}, which ends with the implicit
     * transaction ({@code SET LOCAL} warns there). Inside a use case's transaction it joins that
     * transaction instead.
     */
    public <T> T readOneStatement(DataSource dataSource, ConnectionWork<T> work) {
        if (QuarkusTransaction.isActive()) {
            return join(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return work.run(c);
                }
            });
        }
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * Runs {@code work} inside a savepoint of the current transaction. When it fails, the
     * database is rolled back to where it stood before (its rows, and the error state a failed
     * statement leaves), so the transaction can go on and commit what else it did; the failure is
     * rethrown. A deadlock or serialization failure is rethrown without that: it must rerun the
     * whole transaction, which {@link #run} does. On success the savepoint is not released: it
     * ends with the transaction, one round trip less, and a later one nests inside it, which
     * changes nothing for either (a rollback to the later one keeps what this one did). The
     * step's {@link HeldWrites} are sent inside it, or dropped with it.
     */
    public <T> T inSavepoint(DataSource dataSource, Work<T> work) {
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException("a savepoint needs a transaction");
        }
        try (Connection c = dataSource.getConnection()) {
            held.send(); // what the transaction held before this step is not the step's to roll back
            execute(c, "SAVEPOINT tether_step");
            T result;
            try {
                result = work.run();
                held.send(); // the step's own writes, inside its savepoint
            } catch (SQLException | RuntimeException e) {
                held.drop();
                if (!isTransient(e)) {
                    execute(c, "ROLLBACK TO SAVEPOINT tether_step; RELEASE SAVEPOINT tether_step");
                }
                throw e instanceof SQLException s ? new DataAccessException(s) : (RuntimeException) e;
            }
            return result;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static <T> T join(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Deadlock detected (40P01) or serialization failure (40001), anywhere in the cause chain. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ("40P01".equals(state) || "40001".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
