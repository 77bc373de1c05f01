package dev.tether.directory;

import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * How each directory's SCIM requests end, the one record that both the console's directory
 * pages and the setup page read. A request only merges its outcome into this replica's pending
 * summary of its directory (no database work on the request path); once a second the summaries
 * are written in two statements whatever the traffic: the requests and errors of each hour into
 * {@code directory_scim_traffic}, and the last request, read, user write and error into
 * {@code scim_connection_activity}. Several replicas add to the same rows; whichever saw the
 * later request wins the "last" columns. Both tables stay bounded: one row per directory, one
 * per directory and hour (hours older than {@link #KEPT} are removed).
 */
@ApplicationScoped
public class ConnectionActivity {

    private static final Logger LOG = Logger.getLogger(ConnectionActivity.class);

    /** Directories with unwritten outcomes in one window; each is a real directory, so far more than enough. */
    static final int MAX_PENDING = 10_000;
    static final int MAX_DETAIL = 500;
    static final int MAX_USER_AGENT = 200;
    /** Hour rows older than this are removed: the pages show the last 24 h. */
    static final Duration KEPT = Duration.ofDays(7);

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();
    /** The hour whose old rows were last removed, so that is done once an hour, not every second. */
    private Instant prunedAt;

    public ConnectionActivity(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Notes how a request of an existing directory ended; never blocks on the database. */
    public void note(ScimRequestOutcome outcome) {
        if (outcome.directoryId() == null || Directories.isOperatorTrail(outcome.directoryId())) {
            return;
        }
        if (pending.size() >= MAX_PENDING && !pending.containsKey(outcome.directoryId())) {
            return; // dropped from the health summary only; metrics and the log still have it
        }
        // compute() is atomic with the flush's remove(), so no outcome lands in a summary already taken
        pending.compute(outcome.directoryId(), (id, summary) -> {
            Pending p = summary == null ? new Pending() : summary;
            p.add(outcome);
            return p;
        });
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

    /** Writes what was noted since the last flush; also run by tests that read the pages at once. */
    public synchronized void flush() {
        TreeMap<UUID, Pending> taken = new TreeMap<>(); // in id order, so replicas lock rows in one order
        for (UUID id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                taken.put(id, p);
            }
        }
        try {
            if (!taken.isEmpty()) {
                writeHours(taken);
                writeLast(taken);
            }
            pruneOldHours();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private void writeHours(TreeMap<UUID, Pending> taken) throws SQLException {
        List<UUID> dirs = new ArrayList<>();
        List<String> hours = new ArrayList<>();
        List<Long> requests = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        taken.forEach((id, p) -> p.hours.forEach((hour, counts) -> {
            dirs.add(id);
            hours.add(hour.toString());
            requests.add(counts[0]);
            errors.add(counts[1]);
        }));
        Jdbc.update(dataSource, """
                INSERT INTO directory_scim_traffic (directory_id, hour, requests, errors)
                SELECT u.dir, u.hour::timestamptz, u.requests, u.errors
                FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[]) AS u(dir, hour, requests, errors)
                JOIN directories d ON d.id = u.dir
                ORDER BY u.dir, u.hour
                ON CONFLICT (directory_id, hour) DO UPDATE
                SET requests = directory_scim_traffic.requests + excluded.requests,
                    errors = directory_scim_traffic.errors + excluded.errors""",
                dirs.toArray(new UUID[0]), hours.toArray(new String[0]), requests.toArray(new Long[0]),
                errors.toArray(new Long[0]));
    }

    private void writeLast(TreeMap<UUID, Pending> taken) throws SQLException {
        int n = taken.size();
        UUID[] dirs = new UUID[n];
        String[] ats = new String[n], methods = new String[n], resources = new String[n], agents = new String[n];
        Long[] statuses = new Long[n];
        String[] readAts = new String[n], writeAts = new String[n];
        String[] errorAts = new String[n], errorMethods = new String[n], errorResources = new String[n],
                errorTypes = new String[n], errorDetails = new String[n];
        Long[] errorStatuses = new Long[n];
        int i = 0;
        for (Map.Entry<UUID, Pending> e : taken.entrySet()) {
            Pending p = e.getValue();
            ScimRequestOutcome last = p.last;
            ScimRequestOutcome error = p.lastError;
            dirs[i] = e.getKey();
            ats[i] = last.at().toString();
            methods[i] = last.method();
            resources[i] = last.resource();
            statuses[i] = (long) last.status();
            agents[i] = cut(last.userAgent(), MAX_USER_AGENT);
            readAts[i] = text(p.lastReadAt);
            writeAts[i] = text(p.lastUserWriteAt);
            if (error != null) {
                errorAts[i] = error.at().toString();
                errorMethods[i] = error.method();
                errorResources[i] = error.resource();
                errorStatuses[i] = (long) error.status();
                errorTypes[i] = error.scimType();
                errorDetails[i] = cut(error.detail(), MAX_DETAIL);
            }
            i++;
        }
        Jdbc.update(dataSource, UPSERT_LAST, dirs, ats, methods, resources, statuses, agents, readAts, writeAts,
                errorAts, errorMethods, errorResources, errorStatuses, errorTypes, errorDetails);
    }

    private void pruneOldHours() throws SQLException {
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        if (hour.equals(prunedAt)) {
            return;
        }
        Jdbc.update(dataSource, "DELETE FROM directory_scim_traffic WHERE hour < ?",
                OffsetDateTime.ofInstant(hour.minus(KEPT), ZoneOffset.UTC));
        prunedAt = hour;
    }

    /** The directory's connection, as last written (at most about a second behind). */
    public ConnectionHealth health(UUID directoryId) {
        return healths(directoryId).getOrDefault(directoryId, ConnectionHealth.none(directoryId));
    }

    /** The connection of every directory (the operator trail's pseudo-directory excluded), by id, in one query. */
    public Map<UUID, ConnectionHealth> health() {
        return healths(null);
    }

    private Map<UUID, ConnectionHealth> healths(UUID only) {
        Instant since = clock.instant().minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.HOURS);
        Map<UUID, ConnectionHealth> out = new HashMap<>();
        try {
            Jdbc.query(dataSource, """
                    SELECT d.id AS directory_id, coalesce(t.requests, 0) AS requests, coalesce(t.errors, 0) AS errors,
                           a.last_request_at, a.last_method, a.last_resource, a.last_status, a.last_user_agent,
                           a.last_read_at, a.last_user_write_at, a.last_error_at, a.last_error_method,
                           a.last_error_resource, a.last_error_status, a.last_error_scim_type, a.last_error_detail
                    FROM directories d
                    LEFT JOIN scim_connection_activity a ON a.directory_id = d.id
                    LEFT JOIN (SELECT directory_id, sum(requests) AS requests, sum(errors) AS errors
                               FROM directory_scim_traffic WHERE hour >= ? AND (?::uuid IS NULL OR directory_id = ?)
                               GROUP BY directory_id) t ON t.directory_id = d.id
                    WHERE d.id <> ? AND (?::uuid IS NULL OR d.id = ?)""", ConnectionActivity::health,
                    OffsetDateTime.ofInstant(since, ZoneOffset.UTC), only, only, Directories.OPERATOR_TRAIL, only, only)
                    .forEach(h -> out.put(h.directoryId(), h));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return out;
    }

    /** How many users, active users, groups and agents a directory holds now. */
    public record Counts(long users, long activeUsers, long groups, long agents) {
        public static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    /** Counted from the rows: read when a page is shown, not on every poll of the setup page's status. */
    public Counts counts(UUID directoryId) {
        return counts(directoryId, directoryId).getOrDefault(directoryId, Counts.NONE);
    }

    /** Every directory's counts, by id, in one query. */
    public Map<UUID, Counts> counts() {
        return counts(null, null);
    }

    private Map<UUID, Counts> counts(UUID only, UUID alsoOnly) {
        Map<UUID, Counts> out = new HashMap<>();
        try {
            Jdbc.query(dataSource, """
                    SELECT d.id,
                           (SELECT count(*) FROM users u WHERE u.directory_id = d.id),
                           (SELECT count(*) FROM users u WHERE u.directory_id = d.id AND u.active),
                           (SELECT count(*) FROM groups g WHERE g.directory_id = d.id),
                           (SELECT count(*) FROM agents a WHERE a.directory_id = d.id)
                    FROM directories d WHERE ?::uuid IS NULL OR d.id = ?""",
                    rs -> Map.entry(rs.getObject(1, UUID.class),
                            new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))), only, alsoOnly)
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return out;
    }

    private static ConnectionHealth health(ResultSet rs) throws SQLException {
        return new ConnectionHealth(rs.getObject("directory_id", UUID.class), rs.getLong("requests"),
                rs.getLong("errors"), Jdbc.instant(rs, "last_request_at"), rs.getString("last_method"),
                rs.getString("last_resource"), (Integer) rs.getObject("last_status"), rs.getString("last_user_agent"),
                Jdbc.instant(rs, "last_read_at"), Jdbc.instant(rs, "last_user_write_at"), Jdbc.instant(rs, "last_error_at"),
                rs.getString("last_error_method"), rs.getString("last_error_resource"),
                (Integer) rs.getObject("last_error_status"), rs.getString("last_error_scim_type"),
                rs.getString("last_error_detail"));
    }


    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** One directory's outcomes since the last flush, merged as they arrive (under the map's lock for its key). */
    private static final class Pending {
        /** Requests and errors by the hour they ended in: a window that spans the hour's turn counts in both. */
        final Map<Instant, long[]> hours = new TreeMap<>();
        ScimRequestOutcome last;
        ScimRequestOutcome lastError;
        Instant lastReadAt;
        Instant lastUserWriteAt;

        void add(ScimRequestOutcome o) {
            long[] counts = hours.computeIfAbsent(o.at().truncatedTo(ChronoUnit.HOURS), h -> new long[2]);
            counts[0]++;
            if (last == null || !o.at().isBefore(last.at())) {
                last = o;
            }
            if (o.failed()) {
                counts[1]++;
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

        private static Instant later(Instant a, Instant b) {
            return a == null || b.isAfter(a) ? b : a;
        }
    }

    /** This write's last error is later than the stored one. */
    private static final String NEWER_ERROR =
            "EXCLUDED.last_error_at IS NOT NULL AND (a.last_error_at IS NULL OR EXCLUDED.last_error_at >= a.last_error_at)";

    /**
     * Keeps whichever side's last request (and last error) is later, so replicas writing in any
     * order agree. The join skips ids that name no directory any more.
     */
    private static final String UPSERT_LAST = """
            INSERT INTO scim_connection_activity AS a (directory_id, last_request_at, last_method, last_resource,
                last_status, last_user_agent, last_read_at, last_user_write_at, last_error_at, last_error_method,
                last_error_resource, last_error_status, last_error_scim_type, last_error_detail)
            SELECT u.dir, u.at::timestamptz, u.method, u.resource, u.status, u.agent, u.read_at::timestamptz,
                   u.write_at::timestamptz, u.error_at::timestamptz, u.error_method, u.error_resource, u.error_status,
                   u.error_type, u.error_detail
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])
                 AS u(dir, at, method, resource, status, agent, read_at, write_at, error_at, error_method,
                      error_resource, error_status, error_type, error_detail)
            JOIN directories d ON d.id = u.dir
            ORDER BY u.dir
            ON CONFLICT (directory_id) DO UPDATE SET
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
                last_error_method = CASE WHEN %1$s THEN EXCLUDED.last_error_method ELSE a.last_error_method END,
                last_error_resource = CASE WHEN %1$s THEN EXCLUDED.last_error_resource ELSE a.last_error_resource END,
                last_error_status = CASE WHEN %1$s THEN EXCLUDED.last_error_status ELSE a.last_error_status END,
                last_error_scim_type = CASE WHEN %1$s THEN EXCLUDED.last_error_scim_type ELSE a.last_error_scim_type END,
                last_error_detail = CASE WHEN %1$s THEN EXCLUDED.last_error_detail ELSE a.last_error_detail END
            """.formatted(NEWER_ERROR);
}
