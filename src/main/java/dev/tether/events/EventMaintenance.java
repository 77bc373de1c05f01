package dev.tether.events;

import dev.tether.platform.Clock;
import dev.tether.platform.EventsConfig;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Periodic work. The sweep runs on every replica: it wakes the local delivery worker for retries
 * that fell due and claims whose lease ran out (a killed process's), and the claim query's
 * SKIP LOCKED already keeps replicas from taking the same row. The retention purge runs on one
 * replica at a time, under a Postgres advisory lock.
 */
@ApplicationScoped
public class EventMaintenance {

    private final Clock clock;

    private static final Logger LOG = Logger.getLogger(EventMaintenance.class);
    /** Advisory lock key of the purge: an arbitrary constant, "tether-events-purge". */
    static final long PURGE_LOCK = 0x7465746865720003L;

    private final DeliveryWake delivery;
    private final DataSource dataSource;
    private final Transactions transactions;
    private final EventsConfig config;

    public EventMaintenance(DeliveryWake delivery, DataSource dataSource, Transactions transactions,
            EventsConfig config, Clock clock) {
        this.clock = clock;
        this.delivery = delivery;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.config = config;
    }

    @Scheduled(every = "${tether.webhooks.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        delivery.wake();
    }

    @Scheduled(every = "1h", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        int purged = purgeOlderThan(clock.instant().minus(config.retention()));
        if (purged > 0) {
            LOG.infof("purged %d events older than %s", purged, config.retention());
        }
    }

    /** Deletes events (and their deliveries) that occurred before {@code cutoff}; 0 if another replica is purging. */
    public int purgeOlderThan(Instant cutoff) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!Jdbc.tryTransactionLock(c, PURGE_LOCK)) {
                    return 0;
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE occurred_at < ?")) {
                    ps.setTimestamp(1, Timestamp.from(cutoff));
                    return ps.executeUpdate();
                }
            }
        });
    }
}
