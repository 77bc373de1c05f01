package dev.tether.signals;

import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.SignalsConfig;
import dev.tether.platform.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads each managed stream's status from its transmitter every
 * {@code tether.signals.stream-status-interval} (SSF 1.0 §8.1.2.1), so an operator sees a stream the
 * transmitter paused or disabled without waiting for a stream-updated event that may never come.
 * A change of status is on the directory's trail (the first status known is not a change); a failed
 * read is shown on the source.
 *
 * <p>Replicas share the work without a lock held across the calls: a round claims the sources
 * that are due by moving their {@code stream_checked_at} on ({@code SKIP LOCKED}), then calls the
 * transmitters outside any transaction.
 */
@ApplicationScoped
public class StreamStatusChecks {

    private static final Logger LOG = Logger.getLogger(StreamStatusChecks.class);
    /** Streams read in one round at most; the rest are due in the next. */
    static final int MAX_PER_ROUND = 100;

    private record Due(UUID id, UUID directoryId, String streamId, StreamEndpoints endpoints) {
    }

    private final SignalRows rows;
    private final SignalSources sources;
    private final TransmitterStreams streams;
    private final Transactions transactions;
    private final Clock clock;
    private final SignalsConfig config;
    private final Event<SignalSourceChanged> changes;

    StreamStatusChecks(SignalRows rows, SignalSources sources, TransmitterStreams streams, Transactions transactions,
            Clock clock, SignalsConfig config, Event<SignalSourceChanged> changes) {
        this.rows = rows;
        this.sources = sources;
        this.streams = streams;
        this.transactions = transactions;
        this.clock = clock;
        this.config = config;
        this.changes = changes;
    }

    @Scheduled(every = "${tether.signals.stream-status-interval}", delayed = "${tether.signals.stream-status-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        checkDue();
    }

    /** One round: reads the status of every managed stream not read within the interval; returns how many were read. */
    public int checkDue() {
        OffsetDateTime now = clock.now();
        OffsetDateTime dueBefore = now.minus(config.streamStatusInterval());
        List<Due> due = transactions.run(() -> rows.query("""
                UPDATE signal_sources s SET stream_checked_at = ?
                 WHERE s.id IN (SELECT id FROM signal_sources
                                 WHERE status_endpoint IS NOT NULL AND stream_id IS NOT NULL
                                   AND (stream_checked_at IS NULL OR stream_checked_at <= ?)
                                 ORDER BY stream_checked_at NULLS FIRST, id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING s.id, s.directory_id, s.stream_id, s.configuration_endpoint, s.verification_endpoint,
                          s.status_endpoint, s.transmitter_token""",
                rs -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        new StreamEndpoints(rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))),
                now, dueBefore, MAX_PER_ROUND));
        for (Due d : due) {
            TransmitterStreams.StreamStatus status = null;
            String error = null;
            try {
                status = streams.readStatus(d.endpoints(), d.streamId());
            } catch (IOException | RuntimeException e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.warnf("signal source %s: reading stream %s's status failed: %s", d.id(), d.streamId(), error);
            }
            record(d, status, error);
        }
        return due.size();
    }

    private void record(Due d, TransmitterStreams.StreamStatus status, String error) {
        transactions.run(() -> {
            SignalSource before = sources.find(d.directoryId(), d.id()).orElse(null);
            if (before == null) {
                return null; // deleted meanwhile
            }
            if (status == null) {
                rows.update("UPDATE signal_sources SET stream_checked_at = ?, stream_check_error = ? WHERE id = ?",
                        clock.now(), error, d.id());
                return null;
            }
            rows.update("UPDATE signal_sources SET stream_status = ?, stream_reason = ?, stream_checked_at = ?, "
                    + "stream_check_error = NULL WHERE id = ?", status.status(), status.reason(), clock.now(), d.id());
            // the first status known (creation's own read failed or has not been stored yet) is not a change
            if (before.streamStatus() != null && (!Objects.equals(before.streamStatus(), status.status())
                    || !Objects.equals(before.streamReason(), status.reason()))) {
                SignalSource after = sources.find(d.directoryId(), d.id()).orElseThrow();
                changes.fire(new SignalSourceChanged(after, SignalSourceChanged.Kind.STREAM_STATUS, Cause.system(),
                        before));
            }
            return null;
        });
    }
}
