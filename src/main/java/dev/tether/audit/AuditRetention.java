package dev.tether.audit;

import dev.tether.platform.AuditConfig;
import dev.tether.platform.Clock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Removes old audit records, a whole segment at a time and only up to a signed checkpoint:
 * the cut is recorded first (the trigger allows deleting nothing else), so what remains
 * verifies from that checkpoint. Checkpoints themselves are kept. The agent actions those
 * records recorded go in the same transaction (docs/actions.md, retention).
 */
@ApplicationScoped
public class AuditRetention {

    private final Clock clock;

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    /** Per directory, the newest checkpoint whose last record is older than the cutoff and beyond the last cut. */
    private static final String DUE = "SELECT k.directory_id, k.chain_length FROM directories d"
            + " JOIN LATERAL (SELECT k.directory_id, k.chain_length FROM audit_checkpoints k"
            + "   JOIN audit_records r ON r.directory_id = k.directory_id AND r.position = k.chain_length"
            + "   WHERE k.directory_id = d.id AND r.created_at < ?"
            + "   ORDER BY k.chain_length DESC LIMIT 1) k ON true"
            + " WHERE k.chain_length > COALESCE((SELECT max(c.through_position) FROM audit_retention_cuts c"
            + "   WHERE c.directory_id = d.id), 0)";

    private final DataSource dataSource;
    private final Optional<Duration> retention;

    public AuditRetention(DataSource dataSource, AuditConfig config, Clock clock) {
        this.clock = clock;
        this.dataSource = dataSource;
        this.retention = config.retention();
    }

    @Scheduled(identity = "audit-retention", every = "1h", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRun() {
        retention.ifPresent(keep -> {
            try {
                applyCutoff(clock.instant().minus(keep));
            } catch (RuntimeException e) {
                LOG.warn("audit retention failed; the next run retries", e);
            }
        });
    }

    /** Cuts every directory at its newest checkpoint older than the cutoff. Returns the records removed. */
    public long applyCutoff(Instant cutoff) {
        List<Object[]> due = QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> rows = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DUE)) {
                ps.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getObject(1, UUID.class), rs.getLong(2)});
                    }
                }
            }
            return rows;
        });
        long removed = 0;
        for (Object[] row : due) {
            removed += cutThrough((UUID) row[0], (Long) row[1]);
        }
        return removed;
    }

    /**
     * The agent actions whose audit records the cut removes go with them, before them (the
     * actions' trigger lets an action go only while its record shows it under a cut); then the
     * Idempotency-Keys none of whose actions are left. Returns the actions removed.
     */
    private static long cutActions(Connection c, UUID directoryId, long chainLength) throws SQLException {
        List<String> keys = new ArrayList<>();
        long removed = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM agent_actions a WHERE a.directory_id = ? AND a.id IN (
                    SELECT (CASE WHEN r.target_type = 'AgentAction' THEN r.target_id END)::uuid FROM audit_records r
                    WHERE r.directory_id = ? AND r.position <= ? AND r.target_type = 'AgentAction')
                RETURNING a.idempotency_key
                """)) {
            ps.setObject(1, directoryId);
            ps.setObject(2, directoryId);
            ps.setLong(3, chainLength);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    removed++;
                    if (rs.getString(1) != null) {
                        keys.add(rs.getString(1));
                    }
                }
            }
        }
        if (!keys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM action_reports k WHERE k.directory_id = ? AND k.idempotency_key = ANY (?)
                      AND NOT EXISTS (SELECT 1 FROM agent_actions a
                                      WHERE a.directory_id = k.directory_id AND a.idempotency_key = k.idempotency_key)
                    """)) {
                ps.setObject(1, directoryId);
                ps.setArray(2, c.createArrayOf("text", keys.stream().distinct().toArray()));
                ps.executeUpdate();
            }
        }
        return removed;
    }

    /**
     * Removes the directory's records up to and including {@code chainLength}, which must be the
     * chain length of one of its checkpoints. Returns the records removed.
     */
    public long cutThrough(UUID directoryId, long chainLength) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_retention_cuts"
                        + " (directory_id, through_position, head_hash, checkpoint_id)"
                        + " SELECT directory_id, chain_length, head_hash, id FROM audit_checkpoints"
                        + " WHERE directory_id = ? AND chain_length = ?")) {
                    ps.setObject(1, directoryId);
                    ps.setLong(2, chainLength);
                    if (ps.executeUpdate() != 1) {
                        throw new IllegalArgumentException("no checkpoint at chain length " + chainLength);
                    }
                }
                long actions = cutActions(c, directoryId, chainLength);
                if (actions > 0) {
                    LOG.infof("audit retention: %d agent actions of directory %s cut with their records", actions,
                            directoryId);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM audit_records WHERE directory_id = ? AND position <= ?")) {
                    ps.setObject(1, directoryId);
                    ps.setLong(2, chainLength);
                    return (long) ps.executeUpdate();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot cut the audit chain", e);
            }
        });
    }
}
