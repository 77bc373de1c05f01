package dev.tether.authz;

import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Per directory, which AuthZEN decisions go on the action trail: {@code off} (the default),
 * {@code denies} or {@code all}. Read on every decision, so the setting is held for a few seconds
 * per process: a change reaches every replica within {@link #HELD}.
 */
@ApplicationScoped
public class DecisionRecording {

    public static final String OFF = "off";
    public static final String DENIES = "denies";
    public static final String ALL = "all";
    public static final Set<String> MODES = Set.of(OFF, DENIES, ALL);
    static final Duration HELD = Duration.ofSeconds(5);

    private record Held(String mode, long untilNanos) {
    }

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Clock clock;
    private final Event<DecisionRecordingChanged> changed;
    private final Map<UUID, Held> held = new ConcurrentHashMap<>();

    DecisionRecording(DataSource dataSource, Transactions transactions, Clock clock, Event<DecisionRecordingChanged> changed) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.clock = clock;
        this.changed = changed;
    }

    /** The directory's mode, as read at most {@link #HELD} ago. */
    public String mode(UUID directoryId) {
        Held h = held.get(directoryId);
        long now = System.nanoTime();
        if (h != null && h.untilNanos() - now > 0) {
            return h.mode();
        }
        String mode = read(directoryId);
        held.put(directoryId, new Held(mode, now + HELD.toNanos()));
        return mode;
    }

    public String read(UUID directoryId) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT record_decisions FROM authzen_settings WHERE directory_id = ?")) {
                Jdbc.bind(c, ps, directoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : OFF;
                }
            }
        });
    }

    /** Sets the mode; this process sees it at once, the others within {@link #HELD}. */
    public void set(UUID directoryId, String mode, Cause cause) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException(mode);
        }
        transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO authzen_settings (directory_id, record_decisions, updated_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (directory_id) DO UPDATE SET record_decisions = EXCLUDED.record_decisions, "
                            + "updated_at = EXCLUDED.updated_at")) {
                Jdbc.bind(c, ps, directoryId, mode, clock.now());
                ps.executeUpdate();
            }
            changed.fire(new DecisionRecordingChanged(directoryId, mode, cause));
            return mode;
        });
        held.remove(directoryId);
    }

    /** Whether a decision with this outcome is recorded under {@code mode}. */
    public static boolean records(String mode, boolean permit) {
        return ALL.equals(mode) || (DENIES.equals(mode) && !permit);
    }
}
