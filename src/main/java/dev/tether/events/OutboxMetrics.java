package dev.tether.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * How far deliveries are behind. Prometheus names: {@code tether_outbox_depth} (deliveries not
 * yet succeeded or dead, i.e. pending, including those waiting for a retry) and
 * {@code tether_outbox_oldest_age_seconds} (age of the event of the oldest of them; 0 when none).
 *
 * <p>The values come from one query over the partial index of pending deliveries, run every
 * five seconds, never per scrape: a scrape reads the last values. Each replica runs it and
 * reports the same database-wide numbers, so aggregate with {@code max}, not {@code sum}.
 */
@Startup // registers the gauges at start, not at the first scheduled refresh
@ApplicationScoped
public class OutboxMetrics {

    public static final String DEPTH = "tether.outbox.depth";
    public static final String OLDEST_AGE = "tether.outbox.oldest.age";

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final String QUERY = """
            SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(e.occurred_at)), 0)
              FROM deliveries d JOIN events e ON e.id = d.event_id
             WHERE d.status = 'pending'
            """;

    private final DataSource dataSource;
    private volatile double depth;
    private volatile double oldestAgeSeconds;

    OutboxMetrics(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder(DEPTH, this, OutboxMetrics::depth).strongReference(true).description("Deliveries not yet succeeded or dead")
                .register(registry);
        Gauge.builder(OLDEST_AGE, this, OutboxMetrics::oldestAgeSeconds).strongReference(true).baseUnit("seconds")
                .description("Age of the event of the oldest undelivered delivery").register(registry);
    }

    double depth() {
        return depth;
    }

    double oldestAgeSeconds() {
        return oldestAgeSeconds;
    }

    @Scheduled(identity = "outbox-metrics", every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY);
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                depth = rs.getLong(1);
                oldestAgeSeconds = Math.max(0, rs.getDouble(2));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("could not measure the outbox; keeping the last values", e);
        }
    }
}
