package dev.tether.directory;

import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The outcomes of SCIM requests per directory, as the setup page and connection health read
 * them. A request only merges its outcome into this replica's pending summary of its directory
 * (no database work on the request path); once a second the summaries are written as one upsert
 * per directory into {@code scim_connection_activity}, which merges what several replicas saw.
 * The table holds one row per directory, so it stays bounded however many requests arrive.
 */
@ApplicationScoped
public class ConnectionActivity {

    private static final Logger LOG = Logger.getLogger(ConnectionActivity.class);

    /** Directories with unwritten outcomes in one window; each is a real directory, so far more than enough. */
    static final int MAX_PENDING = 10_000;
    static final int MAX_DETAIL = 500;
    static final int MAX_USER_AGENT = 200;

    private final DataSource dataSource;
    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();

    public ConnectionActivity(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Notes how a request of an existing directory ended; never blocks on the database. */
    public void note(ScimRequestOutcome outcome) {
        if (outcome.directoryId() == null || Directories.isOperatorTrail(outcome.directoryId())) {
            return;
        }
        Pending summary = pending.get(outcome.directoryId());
        if (summary == null) {
            if (pending.size() >= MAX_PENDING) {
                return; // dropped from the health summary only; metrics and the log still have it
            }
            summary = pending.computeIfAbsent(outcome.directoryId(), id -> new Pending());
        }
        summary.add(outcome);
    }

    @Scheduled(identity = "scim-connection-activity-flush", every = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record SCIM connection activity", e);
        }
    }

    /** Writes what was noted since the last flush. */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending.Summary> done = new ArrayList<>();
        for (UUID id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                done.add(p.close(id));
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Pending.Summary s : done) {
                int i = 1;
                ps.setLong(i++, s.requests());
                ps.setLong(i++, s.errors());
                ScimRequestOutcome last = s.last();
                ps.setObject(i++, time(last.at()));
                ps.setString(i++, last.method());
                ps.setString(i++, last.resource());
                ps.setInt(i++, last.status());
                ps.setString(i++, cut(last.userAgent(), MAX_USER_AGENT));
                ps.setObject(i++, time(s.lastReadAt()));
                ps.setObject(i++, time(s.lastUserWriteAt()));
                ScimRequestOutcome error = s.lastError();
                ps.setObject(i++, error == null ? null : time(error.at()));
                ps.setString(i++, error == null ? null : error.method());
                ps.setString(i++, error == null ? null : error.resource());
                ps.setObject(i++, error == null ? null : error.status());
                ps.setString(i++, error == null ? null : error.scimType());
                ps.setString(i++, error == null ? null : cut(error.detail(), MAX_DETAIL));
                ps.setObject(i, s.directoryId());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** The directory's connection so far, as last written (at most about a second behind). */
    public ConnectionHealth health(UUID directoryId) {
        try {
            Optional<ConnectionHealth> row = Jdbc.query(dataSource, SELECT, ConnectionActivity::health, directoryId)
                    .stream().findFirst();
            return row.orElseGet(() -> ConnectionHealth.none(directoryId));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** How many users, active users and groups the directory holds now. */
    public record Counts(long users, long activeUsers, long groups) {
    }

    /** Counted from the rows: this is read when a page is shown, not on every poll. */
    public Counts counts(UUID directoryId) {
        try {
            return Jdbc.query(dataSource, """
                    SELECT (SELECT count(*) FROM users WHERE directory_id = ?),
                           (SELECT count(*) FROM users WHERE directory_id = ? AND active),
                           (SELECT count(*) FROM groups WHERE directory_id = ?)""",
                    rs -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3)), directoryId, directoryId, directoryId)
                    .get(0);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static ConnectionHealth health(ResultSet rs) throws SQLException {
        return new ConnectionHealth(rs.getObject("directory_id", UUID.class), rs.getLong("requests"),
                rs.getLong("errors"), instant(rs, "last_request_at"), rs.getString("last_method"),
                rs.getString("last_resource"), (Integer) rs.getObject("last_status"), rs.getString("last_user_agent"),
                instant(rs, "last_read_at"), instant(rs, "last_user_write_at"), instant(rs, "last_error_at"),
                rs.getString("last_error_method"), rs.getString("last_error_resource"),
                (Integer) rs.getObject("last_error_status"), rs.getString("last_error_scim_type"),
                rs.getString("last_error_detail"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** One directory's outcomes since the last flush, merged as they arrive. */
    private static final class Pending {
        private long requests;
        private long errors;
        private ScimRequestOutcome last;
        private ScimRequestOutcome lastError;
        private Instant lastReadAt;
        private Instant lastUserWriteAt;

        record Summary(UUID directoryId, long requests, long errors, ScimRequestOutcome last,
                       ScimRequestOutcome lastError, Instant lastReadAt, Instant lastUserWriteAt) {
        }

        synchronized void add(ScimRequestOutcome o) {
            requests++;
            if (last == null || !o.at().isBefore(last.at())) {
                last = o;
            }
            if (o.failed()) {
                errors++;
                if (lastError == null || !o.at().isBefore(lastError.at())) {
                    lastError = o;
                }
            }
            if (o.read()) {
                lastReadAt = later(lastReadAt, o.at());
            }
            if (o.userWritten()) {
                lastUserWriteAt = later(lastUserWriteAt, o.at());
            }
        }

        synchronized Summary close(UUID id) {
            return new Summary(id, requests, errors, last, lastError, lastReadAt, lastUserWriteAt);
        }

        private static Instant later(Instant a, Instant b) {
            return a == null || b.isAfter(a) ? b : a;
        }
    }

    private static final String COLUMNS = "directory_id, requests, errors, last_request_at, last_method, last_resource,"
            + " last_status, last_user_agent, last_read_at, last_user_write_at, last_error_at, last_error_method,"
            + " last_error_resource, last_error_status, last_error_scim_type, last_error_detail";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM scim_connection_activity WHERE directory_id = ?";

    /** This write's last error is later than the stored one. */
    private static final String NEWER_ERROR =
            "EXCLUDED.last_error_at IS NOT NULL AND (a.last_error_at IS NULL OR EXCLUDED.last_error_at >= a.last_error_at)";

    /**
     * Adds the counts and keeps whichever side's last request (and last error) is later, so
     * replicas writing in any order agree. The SELECT skips directories that no longer exist.
     */
    private static final String UPSERT = """
            INSERT INTO scim_connection_activity AS a (%s)
            SELECT d.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM directories d WHERE d.id = ?
            ON CONFLICT (directory_id) DO UPDATE SET
                requests = a.requests + EXCLUDED.requests,
                errors = a.errors + EXCLUDED.errors,
                last_request_at = GREATEST(a.last_request_at, EXCLUDED.last_request_at),
                last_method = CASE WHEN EXCLUDED.last_request_at >= a.last_request_at
                                   THEN EXCLUDED.last_method ELSE a.last_method END,
                last_resource = CASE WHEN EXCLUDED.last_request_at >= a.last_request_at
                                     THEN EXCLUDED.last_resource ELSE a.last_resource END,
                last_status = CASE WHEN EXCLUDED.last_request_at >= a.last_request_at
                                   THEN EXCLUDED.last_status ELSE a.last_status END,
                last_user_agent = CASE WHEN EXCLUDED.last_request_at >= a.last_request_at
                                       THEN EXCLUDED.last_user_agent ELSE a.last_user_agent END,
                last_read_at = GREATEST(a.last_read_at, EXCLUDED.last_read_at),
                last_user_write_at = GREATEST(a.last_user_write_at, EXCLUDED.last_user_write_at),
                last_error_at = GREATEST(a.last_error_at, EXCLUDED.last_error_at),
                last_error_method = CASE WHEN %2$s THEN EXCLUDED.last_error_method ELSE a.last_error_method END,
                last_error_resource = CASE WHEN %2$s THEN EXCLUDED.last_error_resource ELSE a.last_error_resource END,
                last_error_status = CASE WHEN %2$s THEN EXCLUDED.last_error_status ELSE a.last_error_status END,
                last_error_scim_type = CASE WHEN %2$s THEN EXCLUDED.last_error_scim_type ELSE a.last_error_scim_type END,
                last_error_detail = CASE WHEN %2$s THEN EXCLUDED.last_error_detail ELSE a.last_error_detail END
            """.formatted(COLUMNS, NEWER_ERROR);
}
