package dev.tether.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Which failures are the database being out of reach (503 and Retry-After), and which are not (500). */
class UnexpectedFailuresTest {

    /** A server error as the driver receives it: severity, SQL state and message fields. */
    private static PSQLException server(String severity, String state, String message) {
        return new PSQLException(new ServerErrorMessage("S" + severity + "\0V" + severity + "\0C" + state
                + "\0M" + message + "\0"));
    }

    @Test
    void aDatabaseClosedToConnectionsIsUnavailable() {
        // what a new connection gets while ALTER DATABASE … ALLOW_CONNECTIONS false holds
        PSQLException refused = server("FATAL", "55000", "database \"tether\" is not currently accepting connections");
        assertTrue(UnexpectedFailures.databaseUnavailable(new RuntimeException("could not prepare statement", refused)));
    }

    @Test
    void connectionFailuresAndShutdownsAreUnavailable() {
        assertTrue(UnexpectedFailures.databaseUnavailable(new SQLException("refused", "08001")));
        assertTrue(UnexpectedFailures.databaseUnavailable(server("FATAL", "57P01", "terminating connection")));
        assertTrue(UnexpectedFailures.databaseUnavailable(new SQLException("too many", "53300")));
    }

    @Test
    void anErrorInsideAWorkingSessionIsNot() {
        assertFalse(UnexpectedFailures.databaseUnavailable(server("ERROR", "55000", "lastval is not yet defined")));
        assertFalse(UnexpectedFailures.databaseUnavailable(server("ERROR", "23505", "duplicate key")));
        assertFalse(UnexpectedFailures.databaseUnavailable(new IllegalStateException("no cause")));
    }
}
