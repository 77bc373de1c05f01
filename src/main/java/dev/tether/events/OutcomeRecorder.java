package dev.tether.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The last stage of delivery: writes finished attempts to the {@link DeliveryLedger} in batches.
 * One recorder thread writes whatever finished while the previous batch was being written, so a
 * backlog costs one statement per batch rather than one per delivery. A failed attempt with a
 * next attempt wakes the claim loop when that attempt falls due.
 *
 * <p>Made by the {@link ClaimLoop} each time it starts; it owns its two threads.
 */
final class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);
    /** Most finished attempts written by one statement. */
    static final int MAX_RECORD_BATCH = 500;

    private final DeliveryLedger ledger;
    /** The claim loop is still running: a write that fails drops the claims rather than keep them for hand-back. */
    private final BooleanSupplier running;
    /** Told of every claim whose attempt was written (or given up on): the loop no longer holds it. */
    private final Consumer<DeliveryClaim> settled;
    /** Wakes the claim loop, for retries falling due. */
    private final Runnable wake;
    /** Attempts finished and not yet recorded. */
    private final ConcurrentLinkedQueue<DeliveryLedger.Attempt> finished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final ExecutorService recorder;
    private final ScheduledExecutorService retryTimer;

    OutcomeRecorder(DeliveryLedger ledger, BooleanSupplier running, Consumer<DeliveryClaim> settled, Runnable wake) {
        this.ledger = ledger;
        this.running = running;
        this.settled = settled;
        this.wake = wake;
        this.recorder = Executors.newSingleThreadExecutor(ClaimLoop.daemon("tether-delivery-recorder"));
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(ClaimLoop.daemon("tether-delivery-timer"));
    }

    /** Queues one finished attempt; the recorder thread writes it with whatever else finished meanwhile. */
    void add(DeliveryLedger.Attempt attempt) {
        finished.add(attempt);
        if (recording.compareAndSet(false, true)) {
            try {
                recorder.execute(this::recordFinishedInTurn);
            } catch (RejectedExecutionException shuttingDown) {
                recording.set(false); // the shutdown records it
            }
        }
    }

    /** First step of a shutdown: retries falling due no longer wake the loop. */
    void stopRetryTimer() {
        retryTimer.shutdownNow();
    }

    /**
     * A shutdown's step once no attempt is in flight: the recorder thread takes no more turns,
     * and a batch being written finishes. What it had not picked up yet is written by the
     * shutdown itself, through {@link #recordFinished}.
     */
    void stopRecorderThread(Duration wait) throws InterruptedException {
        recorder.shutdown();
        recorder.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The recorder's turn: writes what finished, batch after batch, until nothing is left. */
    private void recordFinishedInTurn() {
        while (true) {
            recordFinished();
            recording.set(false);
            // an attempt that finished after the last look but saw recording still set is ours
            if (finished.isEmpty() || !recording.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Writes every finished attempt queued now, in batches; also the shutdown's last look. */
    void recordFinished() {
        List<DeliveryLedger.Attempt> batch = new ArrayList<>();
        DeliveryLedger.Attempt next;
        while (true) {
            batch.clear();
            while (batch.size() < MAX_RECORD_BATCH && (next = finished.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;
            }
            record(batch);
        }
    }

    private void record(List<DeliveryLedger.Attempt> batch) {
        try {
            Set<UUID> recorded = ledger.record(batch);
            if (recorded.size() < batch.size()) {
                LOG.debugf("%d deliveries were retaken or replayed during their attempt; outcomes not recorded",
                        batch.size() - recorded.size());
            }
            batch.forEach(a -> settled.accept(a.claim()));
        } catch (RuntimeException e) {
            if (running.getAsBoolean()) {
                // The claims' lease runs out and the deliveries are sent again, with the same ids.
                batch.forEach(a -> settled.accept(a.claim()));
                LOG.warnf(e, "could not record %d delivery outcomes; they will be retried after the lease", batch.size());
            } // else: they stay held, and the shutdown hands them back
        }
        for (DeliveryLedger.Attempt a : batch) {
            DeliveryLedger.Outcome outcome = a.outcome();
            if (outcome.nextAttemptIn() != null && !outcome.succeeded() && running.getAsBoolean()) {
                try {
                    retryTimer.schedule(wake, outcome.nextAttemptIn().toMillis() + 5, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException shuttingDown) {
                    // the retry is in the ledger; another replica's sweep picks it up when due
                }
            }
        }
    }
}
