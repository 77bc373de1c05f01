package dev.tether.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes whose caller needs no answer now (an event appended, an audit record), held until the
 * transaction is about to commit and then sent together: one round trip to PostgreSQL for all of
 * them instead of one each. They run in the order they were added, on the transaction's own
 * connection, so they commit or roll back with it exactly as if each had been sent at once.
 * <p>
 * Held writes are sent by {@link Transactions#run} after the use case and before the commit, at
 * the end of each {@link Transactions#inSavepoint} step (a step that fails drops its own), and,
 * for a transaction begun anywhere else, just before it commits. Nothing read in the same
 * transaction sees a held row: hold only writes to tables the rest of the transaction does not
 * read, and have a writer that needs an answer {@link #send} what is held first.
 */
@ApplicationScoped
public class HeldWrites {

    /** Beyond this many held writes they are sent at once: a bounded statement and parameter count. */
    static final int MOST_HELD = 32;

    /** Binds a write's parameters from position {@code from}; answers the position after its last one. */
    @FunctionalInterface
    public interface Binder {
        int bind(Connection c, PreparedStatement ps, int from) throws SQLException;
    }

    /** Reads what a write answered once it ran: its rows, or null when it answers none. */
    @FunctionalInterface
    public interface Answer {
        void read(ResultSet rows) throws SQLException;
    }

    private record Write(String sql, Binder binder, Answer answer) {
    }

    private static final Object KEY = HeldWrites.class;

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry registry;

    public HeldWrites(DataSource dataSource, TransactionSynchronizationRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    /**
     * Holds {@code sql} until the transaction commits. Outside a transaction it runs now, on its
     * own (autocommit), as it always would have.
     *
     * @param answer what to do with the rows it answers, or null
     */
    public void add(String sql, Binder binder, Answer answer) {
        Write write = new Write(sql, binder, answer);
        if (registry.getTransactionKey() == null) {
            run(List.of(write));
            return;
        }
        Held held = held(true);
        held.writes.add(write);
        if (held.writes.size() >= MOST_HELD) {
            held.send();
        }
    }

    /** Sends what this transaction holds, now; a failure is the failing write's own. */
    public void send() {
        Held held = registry.getTransactionKey() == null ? null : held(false);
        if (held != null) {
            held.send();
        }
    }

    /** Drops what this transaction holds: the step that held it was rolled back. */
    public void drop() {
        Held held = registry.getTransactionKey() == null ? null : held(false);
        if (held != null) {
            held.writes.clear();
        }
    }

    /**
     * Runs {@code action} once the transaction has committed (not at all when it rolls back); an
     * answer may ask for it even while the writes are sent just before the commit.
     */
    public void afterCommit(Runnable action) {
        if (registry.getTransactionKey() == null) {
            throw new IllegalStateException("after-commit work needs a transaction");
        }
        held(true).afterCommit.add(action);
    }

    private Held held(boolean create) {
        Held held = (Held) registry.getResource(KEY);
        if (held == null && create) {
            held = new Held();
            registry.putResource(KEY, held);
            registry.registerInterposedSynchronization(held);
        }
        return held;
    }

    private void run(List<Write> writes) {
        try (Connection c = dataSource.getConnection()) {
            execute(c, writes);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** One prepared statement holding every write, so the driver sends them all before it waits. */
    private static void execute(Connection c, List<Write> writes) throws SQLException {
        String sql;
        if (writes.size() == 1) {
            sql = writes.get(0).sql();
        } else {
            StringBuilder joined = new StringBuilder();
            for (Write w : writes) {
                joined.append(w.sql()).append(";\n");
            }
            sql = joined.toString();
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int at = 1;
            for (Write w : writes) {
                at = w.binder().bind(c, ps, at);
            }
            boolean rows = ps.execute();
            for (Write w : writes) { // each statement answers one result, in order
                if (rows) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (w.answer() != null) {
                            w.answer().read(rs);
                        }
                    }
                } else if (w.answer() != null) {
                    w.answer().read(null);
                }
                rows = ps.getMoreResults();
            }
        }
    }

    /** One transaction's held writes and what waits for its commit. */
    private final class Held implements Synchronization {
        final List<Write> writes = new ArrayList<>();
        final List<Runnable> afterCommit = new ArrayList<>(1);

        void send() {
            if (writes.isEmpty()) {
                return;
            }
            List<Write> now = new ArrayList<>(writes);
            writes.clear(); // sent or failed, they are not sent again
            run(now);
        }

        @Override
        public void beforeCompletion() {
            // A transaction begun elsewhere than Transactions.run commits here with what it holds.
            if (registry.getTransactionStatus() != Status.STATUS_MARKED_ROLLBACK) {
                send();
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                afterCommit.forEach(Runnable::run);
            }
        }
    }
}
