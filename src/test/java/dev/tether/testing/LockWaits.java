package dev.tether.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Waits in tests that hold a row lock on purpose, until another session queues behind it. */
public final class LockWaits {

    private LockWaits() {
    }

    /**
     * Returns once some other session of the database {@code c} is connected to waits for a lock;
     * fails after 30 s, naming {@code what} was expected to wait.
     */
    public static void awaitAnotherSessionWaiting(Connection c, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(what + " never came to wait for the group's row");
    }
}
