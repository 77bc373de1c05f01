package dev.tether.lineage;

import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Revokes delegations and credentials past their expiresAt, and delegations past their reviewBy
 * that nobody approved (reason recertification-lapsed), with the same cascade as any other
 * revocation. Several replicas may run it: a transaction-scoped advisory lock lets one do the
 * work and the others skip the round.
 */
@ApplicationScoped
public class ExpiryJob {

    private final Clock clock;

    /** Advisory lock key of this job ("tether-expiry" as a number), shared by every replica. */
    static final long LOCK_KEY = 0x7465746865720001L;

    private final LineageRows rows;
    private final CascadeRevocation cascade;
    private final Credentials credentials;
    private final Transactions transactions;

    ExpiryJob(LineageRows rows, CascadeRevocation cascade, Credentials credentials, Transactions transactions, Clock clock) {
        this.clock = clock;
        this.rows = rows;
        this.cascade = cascade;
        this.credentials = credentials;
        this.transactions = transactions;
    }

    @Scheduled(every = "${tether.lineage.expiry-bound}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${tether.lineage.expiry-bound}")
    void scheduled() {
        revokeExpired();
    }

    /** One round; returns whether this replica held the lock. Public so tests and operators can run it now. */
    public boolean revokeExpired() {
        Cause cause = Cause.system();
        return transactions.run(() -> {
            boolean locked = rows.query("SELECT pg_try_advisory_xact_lock(?)", rs -> rs.getBoolean(1), LOCK_KEY).get(0);
            if (!locked) {
                return false;
            }
            OffsetDateTime now = clock.now();
            List<UUID> directories = rows.query("SELECT DISTINCT directory_id FROM delegations "
                    + "WHERE status = 'active' AND expires_at <= ?", rs -> rs.getObject(1, UUID.class), now);
            for (UUID directoryId : directories) {
                cascade.revokeExpired(directoryId, now, cause);
            }
            List<UUID> lapsing = rows.query("SELECT DISTINCT directory_id FROM delegations "
                    + "WHERE status = 'active' AND review_by <= ?", rs -> rs.getObject(1, UUID.class), now);
            for (UUID directoryId : lapsing) {
                cascade.revokeLapsed(directoryId, now, cause);
            }
            credentials.revokeExpired(now, cause);
            return true;
        });
    }
}
