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
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Refused admin API calls, counted like failed SCIM authentications: in memory per (status,
 * source address, JWT subject), written once a minute as one {@code admin.denied} record per
 * key with its count, on the operator trail (an admin call is no one directory's). A 401 names
 * no one, so its actor is {@code anonymous} (the source address); a 403 names the JWT subject
 * that lacked the role. At most tether.audit.failed-auth-sources keys are held; further ones
 * share an "other" source per status, so a flood costs a bounded number of rows a minute.
 */
@ApplicationScoped
public class DeniedAdminCalls {

    private static final Logger LOG = Logger.getLogger(DeniedAdminCalls.class);
    static final String OTHER_SOURCES = FailedScimAuthentications.OTHER_SOURCES;

    private static final String INSERT = "INSERT INTO audit_records (directory_id, actor_type, actor_id, action,"
            + " details) VALUES (?, ?, ?, 'admin.denied',"
            + " jsonb_build_object('status', ?::int, 'source', ?::text, 'count', ?::bigint, 'from', ?::text, 'to', ?::text))";

    private record Key(int status, String source, String subject) {
    }

    private final DataSource dataSource;
    private final BoundedCounts<Key> counts;

    public DeniedAdminCalls(DataSource dataSource, AuditConfig config) {
        this.dataSource = dataSource;
        // the two "other" keys (one per status) may grow the map past the bound
        this.counts = new BoundedCounts<>(config.failedAuthSources(), config.failedAuthSources() + 2, Instant.now());
    }

    /** A call refused with 401: no valid JWT, so no one is named but the source address. */
    public void unauthenticated(String sourceAddress) {
        note(new Key(401, source(sourceAddress), null));
    }

    /** A call refused with 403: a valid JWT whose subject lacks the role. */
    public void forbidden(String sourceAddress, String jwtSubject) {
        note(new Key(403, source(sourceAddress), jwtSubject));
    }

    private void note(Key key) {
        counts.add(key, k -> new Key(k.status(), OTHER_SOURCES, null));
    }

    private static String source(String address) {
        return address == null ? "unknown" : address;
    }

    @Scheduled(identity = "audit-denied-admin-flush", every = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record denied admin calls", e);
        }
    }

    /** Writes the current window's counts to the operator trail and starts a new window. */
    public synchronized void flush() { // one flush at a time: a caller's flush sees the previous one committed
        BoundedCounts.Window<Key> done = counts.swap(Instant.now());
        if (done.dropped() > 0) {
            LOG.warnf("%d denied admin calls were not recorded: too many distinct sources", done.dropped());
        }
        if (done.counts().isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Map.Entry<Key, LongAdder> e : done.counts().entrySet()) {
                    Key key = e.getKey();
                    boolean anonymous = key.subject() == null;
                    ps.setObject(1, Directories.OPERATOR_TRAIL);
                    ps.setString(2, anonymous ? "anonymous" : "admin");
                    ps.setString(3, anonymous ? key.source() : key.subject());
                    ps.setInt(4, key.status());
                    ps.setString(5, key.source());
                    ps.setLong(6, e.getValue().sum());
                    ps.setString(7, AuditRows.TIME.format(done.from().atOffset(ZoneOffset.UTC)));
                    ps.setString(8, AuditRows.TIME.format(done.to().atOffset(ZoneOffset.UTC)));
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot record denied admin calls", e);
            }
        });
    }
}
