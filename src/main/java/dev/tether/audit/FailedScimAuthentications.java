package dev.tether.audit;

import dev.tether.directory.Directories;
import dev.tether.platform.AuditConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Failed SCIM authentications, counted in memory per (directory, source address) and written
 * once a minute as one {@code auth.failure} record per pair with its count. At most
 * tether.audit.failed-auth-sources pairs are held; further sources of a directory share one
 * "other" counter, so a flood costs a bounded number of rows a minute, never one per request.
 *
 * <p>Only directories that exist are counted (the caller has asked the database), so requests
 * to ids that name nothing cannot fill the bounded counters: every real directory always has
 * its counter, at worst its "other" one (one per real directory, so still bounded). Failures
 * against the operator trail's id, which is no directory a SCIM client may know, are not counted.
 */
@ApplicationScoped
public class FailedScimAuthentications {

    private static final Logger LOG = Logger.getLogger(FailedScimAuthentications.class);
    static final String OTHER_SOURCES = "other";

    private static final String INSERT = "INSERT INTO audit_records (directory_id, actor_type, actor_id, action,"
            + " target_type, target_id, details)"
            + " SELECT d.id, 'anonymous', ?, 'auth.failure', 'Directory', d.id::text,"
            + " jsonb_build_object('count', ?::bigint, 'from', ?::text, 'to', ?::text)"
            + " FROM directories d WHERE d.id = ?";

    private record Source(UUID directoryId, String address) {
    }

    /** Directories found to exist by a failed check; only real ones get here, so it stays small. */
    private static final int MAX_SEEN = 100_000;

    private final DataSource dataSource;
    private final BoundedCounts<Source> counts;
    private final Set<UUID> seen = ConcurrentHashMap.newKeySet();

    public FailedScimAuthentications(DataSource dataSource, AuditConfig config) {
        this.dataSource = dataSource;
        // past the bound, each real directory still gets its one "other" counter: never dropped
        this.counts = new BoundedCounts<>(config.failedAuthSources(), Integer.MAX_VALUE, Instant.now());
    }

    /**
     * Counts one failure against a directory that exists; never blocks on the database. A
     * missing directory id is not counted.
     */
    public void note(UUID directoryId, String sourceAddress) {
        if (directoryId == null || Directories.isOperatorTrail(directoryId)) {
            return;
        }
        if (seen.size() < MAX_SEEN) {
            seen.add(directoryId);
        }
        counts.add(new Source(directoryId, sourceAddress == null ? "unknown" : sourceAddress),
                s -> new Source(s.directoryId(), OTHER_SOURCES));
    }

    /**
     * Counts a request refused without a look at the database (rate-limited) when its directory
     * is one this process has already found to exist; an id it has not is not counted, so the
     * refused flood cannot fill the counters either.
     */
    public void noteUnchecked(UUID directoryId, String sourceAddress) {
        if (directoryId != null && seen.contains(directoryId)) {
            note(directoryId, sourceAddress);
        }
    }

    @Scheduled(identity = "audit-failed-auth-flush", every = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record failed SCIM authentications", e);
        }
    }

    /** Writes the current window's counts as records and starts a new window. */
    public synchronized void flush() { // one flush at a time: a caller's flush sees the previous one committed
        BoundedCounts.Window<Source> done = counts.swap(Instant.now());
        if (done.dropped() > 0) {
            LOG.warnf("%d failed SCIM authentications were not recorded: too many distinct sources", done.dropped());
        }
        if (done.counts().isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Map.Entry<Source, LongAdder> e : done.counts().entrySet()) {
                    ps.setString(1, e.getKey().address());
                    ps.setLong(2, e.getValue().sum());
                    ps.setString(3, AuditRows.TIME.format(done.from().atOffset(ZoneOffset.UTC)));
                    ps.setString(4, AuditRows.TIME.format(done.to().atOffset(ZoneOffset.UTC)));
                    ps.setObject(5, e.getKey().directoryId());
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot record failed authentications", e);
            }
        });
    }
}
