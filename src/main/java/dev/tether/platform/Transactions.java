package dev.tether.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a use case in one transaction, and runs it again when PostgreSQL aborted it for a
 * deadlock or a serialization failure: such an abort changed nothing, so repeating is safe, and
 * a client should never see a 5xx for a write that merely raced another. Work started inside a
 * transaction joins it: the use case's boundary (an endpoint, a job) opens the transaction and
 * retries it whole, and the stores it calls take part in it.
 */
@ApplicationScoped
public class Transactions {

    private static final int ATTEMPTS = 6;

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
                        return work.run();
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

    private static <T> T join(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Deadlock detected (40P01) or serialization failure (40001), anywhere in the cause chain. */
    static boolean isTransient(Throwable e) {
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
