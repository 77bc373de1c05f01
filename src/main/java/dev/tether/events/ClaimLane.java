package dev.tether.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * One subscription's work in this process, kept by the {@link ClaimLoop}: permits for attempts in
 * flight, and the claims taken ahead of them, each with the time after which it must not be
 * started.
 */
final class ClaimLane {

    final UUID subscriptionId;
    final Semaphore inFlight;
    private final int maxClaimedAhead;
    private final ArrayDeque<DeliveryClaim> queue = new ArrayDeque<>();
    private final ArrayDeque<Long> sendBy = new ArrayDeque<>();
    private final List<DeliveryClaim> stale = new ArrayList<>();
    /** How many claims to keep queued beyond the free permits; adapts to how fast the receiver takes them. */
    volatile int batch;
    /** Where the last claim stopped; the next one starts there while the backlog drains. */
    volatile DeliveryLedger.ClaimCursor resumeAfter;
    /** The last claim found fewer due deliveries than it asked for: wait for a wake before claiming again. */
    volatile boolean backlogGone;
    private boolean wentStale;

    ClaimLane(UUID subscriptionId, int concurrency, int maxClaimedAhead) {
        this.subscriptionId = subscriptionId;
        this.inFlight = new Semaphore(concurrency);
        this.maxClaimedAhead = maxClaimedAhead;
        this.batch = Math.min(concurrency, maxClaimedAhead);
    }

    synchronized int queued() {
        return queue.size();
    }

    synchronized void add(List<DeliveryClaim> claims, long notAfterNanos) {
        for (DeliveryClaim claim : claims) {
            queue.add(claim);
            sendBy.add(notAfterNanos);
        }
    }

    /** Grows the batch while claims come back full and none went stale; shrinks it when some did. */
    synchronized void claimed(int asked, int got) {
        backlogGone = got < asked;
        if (wentStale) {
            batch = batch / 2;
            wentStale = false;
        } else if (!backlogGone) {
            batch = Math.min(maxClaimedAhead, Math.max(1, batch * 2));
        }
    }

    /** The next claim still young enough to send; older ones are set aside to be handed back. */
    synchronized DeliveryClaim next() {
        long now = System.nanoTime();
        while (!queue.isEmpty()) {
            DeliveryClaim claim = queue.poll();
            long notAfter = sendBy.poll();
            if (now - notAfter < 0) {
                return claim;
            }
            stale.add(claim);
            wentStale = true;
        }
        return null;
    }

    synchronized boolean runningLow() {
        return !backlogGone && queue.size() <= batch / 2;
    }

    synchronized List<DeliveryClaim> takeStale() {
        List<DeliveryClaim> out = List.copyOf(stale);
        stale.clear();
        return out;
    }

    /** Sets every queued claim aside, to be handed back unsent. */
    synchronized void stopSending() {
        stale.addAll(queue);
        queue.clear();
        sendBy.clear();
        backlogGone = true;
    }
}
