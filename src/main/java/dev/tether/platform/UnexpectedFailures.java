package dev.tether.platform;

import java.sql.SQLException;

/**
 * What the edges need to know about a failure no rule of theirs expected: whether it means the
 * database cannot be reached (answer 503 and ask the client to come back), and a copy of it fit
 * for the log. PostgreSQL's messages quote the values of the statement that failed (a key, a
 * document fragment, the text that would not parse), which is request content: the copy keeps
 * the exception types, SQL states and stack frames, and no message.
 */
public final class UnexpectedFailures {

    /** Seconds a client is asked to wait (Retry-After) while the database is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private UnexpectedFailures() {
    }

    /**
     * True when the failure is the database being out of reach: a connection failure (SQL state
     * class 08), the server shutting down or starting (57P01-57P03), too many connections
     * (53300), any error the server reports as FATAL (the session is over), or no pooled
     * connection in time.
     */
    public static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                    return true;
                }
                // FATAL ends the session: the server refused or dropped the connection itself (for
                // example 55000 "not currently accepting connections" while a database is closed
                // for maintenance), whatever the SQL state says
                if (s instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                        && "FATAL".equals(p.getServerErrorMessage().getSeverity())) {
                    return true;
                }
                // Agroal's pool timing out has no SQL state; its message is its own, not the request's
                if (state == null && s.getMessage() != null && s.getMessage().contains("acquisition timeout")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The failure without any message: types, SQL states and stack frames only. */
    public static Throwable redacted(Throwable e) {
        return redacted(e, 0);
    }

    private static Throwable redacted(Throwable e, int depth) {
        if (e == null || depth > 32) {
            return null;
        }
        String what = e.getClass().getName();
        if (e instanceof SQLException s && s.getSQLState() != null) {
            what += " (SQL state " + s.getSQLState() + ")";
        }
        Redacted copy = new Redacted(what, redacted(e.getCause(), depth + 1));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** A stand-in that prints as the type it replaces. */
    private static final class Redacted extends RuntimeException {
        Redacted(String what, Throwable cause) {
            super(what, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
