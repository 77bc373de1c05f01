package dev.tether.directory;

import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What each directory's SCIM traffic looks like, for the console's health at a glance: requests
 * and errors per hour, and the latest request (when, method, status, User-Agent). Counted in
 * memory as requests finish and written by {@link #flush} every few seconds, in two statements
 * whatever the traffic: never a row per request. Several replicas add to the same hour rows.
 * Ids that name no directory (a scanner's guesses) are dropped at the flush, and at most
 * {@link #MAX_PENDING} directories are held between flushes.
 */
@ApplicationScoped
public class ScimTraffic {

    static final int MAX_PENDING = 10_000;
    /** Hour rows older than this are removed at the flush: the console shows the last 24 h. */
    static final Duration KEPT = Duration.ofDays(7);
    private static final int MAX_USER_AGENT = 300;

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    private static final class Pending {
        long requests;
        long errors;
        Instant hour;
        Instant lastAt;
        String lastMethod;
        int lastStatus;
        String userAgent;
    }

    private Map<UUID, Pending> pending = new HashMap<>();

    /** One finished SCIM request to the directory named in its path (whether or not it authenticated). */
    public synchronized void record(UUID directoryId, String method, int status, String userAgent) {
        Instant now = clock.instant();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Pending p = pending.get(directoryId);
        if (p != null && !p.hour.equals(hour)) {
            return; // the hour turned: counted from the next flush, which empties the map (at most seconds lost)
        }
        if (p == null) {
            if (pending.size() >= MAX_PENDING) {
                return;
            }
            p = new Pending();
            p.hour = hour;
            pending.put(directoryId, p);
        }
        p.requests++;
        if (status >= 400) {
            p.errors++;
        }
        p.lastAt = now;
        p.lastMethod = method;
        p.lastStatus = status;
        p.userAgent = userAgent == null ? null
                : userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
    }

    /** Writes what was counted since the last flush; also run by tests that read the pages at once. */
    @Scheduled(every = "${tether.console.traffic-flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    public void flush() {
        Map<UUID, Pending> taken;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            taken = pending;
            pending = new HashMap<>();
        }
        List<UUID> ids = new ArrayList<>(taken.keySet());
        UUID[] dirs = ids.toArray(new UUID[0]);
        String[] hours = new String[dirs.length];
        Long[] requests = new Long[dirs.length];
        Long[] errors = new Long[dirs.length];
        String[] ats = new String[dirs.length];
        String[] methods = new String[dirs.length];
        Long[] statuses = new Long[dirs.length];
        String[] agents = new String[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            Pending p = taken.get(dirs[i]);
            hours[i] = p.hour.toString();
            requests[i] = p.requests;
            errors[i] = p.errors;
            ats[i] = p.lastAt.toString();
            methods[i] = p.lastMethod;
            statuses[i] = (long) p.lastStatus;
            agents[i] = p.userAgent;
        }
        try {
            Jdbc.update(dataSource, """
                    INSERT INTO directory_scim_traffic (directory_id, hour, requests, errors)
                    SELECT u.dir, u.hour::timestamptz, u.requests, u.errors
                    FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[]) AS u(dir, hour, requests, errors)
                    JOIN directories d ON d.id = u.dir
                    ON CONFLICT (directory_id, hour) DO UPDATE
                    SET requests = directory_scim_traffic.requests + excluded.requests,
                        errors = directory_scim_traffic.errors + excluded.errors""",
                    dirs, hours, requests, errors);
            Jdbc.update(dataSource, """
                    INSERT INTO directory_scim_last_request (directory_id, at, method, status, user_agent)
                    SELECT u.dir, u.at::timestamptz, u.method, u.status, u.agent
                    FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[]) AS u(dir, at, method, status, agent)
                    JOIN directories d ON d.id = u.dir
                    ON CONFLICT (directory_id) DO UPDATE
                    SET at = excluded.at, method = excluded.method, status = excluded.status, user_agent = excluded.user_agent
                    WHERE directory_scim_last_request.at < excluded.at""",
                    dirs, ats, methods, statuses, agents);
            Jdbc.update(dataSource, "DELETE FROM directory_scim_traffic WHERE hour < ?",
                    java.time.OffsetDateTime.ofInstant(clock.instant().minus(KEPT), java.time.ZoneOffset.UTC));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
