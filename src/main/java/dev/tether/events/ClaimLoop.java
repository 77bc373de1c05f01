package dev.tether.events;

import dev.tether.platform.WebhooksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The first stage of delivery: claims due deliveries and hands them to sender threads. One loop
 * thread claims work when woken (after a commit in this process, a NOTIFY from another, a sweep
 * tick, or a retry falling due) and queues it on the subscription's {@link ClaimLane}; sender
 * threads take claims off the lane and pass each to the {@link DeliverySender}, then its outcome
 * to the {@link OutcomeRecorder}. Each subscription has its own permits, so a slow receiver only
 * ever holds its own share of the senders.
 *
 * <p>A lane claims ahead of its senders (up to {@code max-claimed-ahead}), so a backlog drains
 * with one claim per batch rather than one per delivery; the batch grows while the receiver
 * keeps up and shrinks when claims sat queued so long that their lease got short. A queued claim
 * is sent only while its lease outlasts an attempt's timeout; otherwise it is handed back, so no
 * other replica can retake a delivery this process is still about to send.
 *
 * <p>On {@link #stop} it stops claiming and starting queued claims, gives the attempts in flight
 * {@code shutdown-grace} to finish and be recorded, then hands back every claim it still holds,
 * queued or unanswered: those deliveries are due again at once for the other replicas, neither
 * waiting out the lease nor counted as a failed attempt (which would push them back along the
 * retry schedule). A process that dies holding claims loses them when their lease ends.
 */
@ApplicationScoped
public class ClaimLoop {

    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);

    private final DeliveryLedger ledger;
    private final WebhooksConfig config;
    private final DeliverySender sender;
    private final DeliveryMetrics metrics;
    private final Map<UUID, ClaimLane> lanes = new ConcurrentHashMap<>();
    private final Semaphore wakeSignal = new Semaphore(0);
    /** Claims taken and not yet settled (outcome recorded or handed back): what a shutdown hands back. */
    private final Map<UUID, DeliveryClaim> held = new ConcurrentHashMap<>();
    private volatile boolean running;
    /** Subscriptions whose lane needs the loop: senders ran dry or low, or claims went stale. */
    private final Set<UUID> moreFor = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepAll = new AtomicBoolean();
    private Thread loop;
    private ExecutorService senders;
    private OutcomeRecorder recorder;

    public ClaimLoop(DeliveryLedger ledger, WebhooksConfig config, DeliverySender sender, DeliveryMetrics metrics) {
        this.ledger = ledger;
        this.config = config;
        this.sender = sender;
        this.metrics = metrics;
    }

    void start() {
        senders = Executors.newFixedThreadPool(config.senderThreads(), daemon("tether-delivery-sender"));
        recorder = new OutcomeRecorder(ledger, () -> running, claim -> held.remove(claim.deliveryId()), this::wake);
        lanes.clear();
        running = true;
        loop = daemon("tether-delivery-dispatcher").newThread(this::run);
        loop.start();
        wake();
    }

    void stop() {
        running = false; // senders start no queued claim from now on
        wake();
        if (senders == null) {
            return;
        }
        recorder.stopRetryTimer();
        try {
            loop.join(config.timeout().toMillis()); // a claim it is taking right now still reaches held
            senders.shutdown();
            if (!senders.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow(); // interrupts the sends still waiting for an answer
                senders.awaitTermination(5, TimeUnit.SECONDS);
            }
            recorder.stopRecorderThread(config.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
        recorder.recordFinished(); // what the recorder had not picked up yet
        releaseHeld();
    }

    private void releaseHeld() {
        List<DeliveryClaim> unfinished = List.copyOf(held.values());
        if (unfinished.isEmpty()) {
            return;
        }
        try {
            int released = ledger.release(unfinished);
            unfinished.forEach(claim -> held.remove(claim.deliveryId()));
            LOG.infof("shutting down: handed back %d claimed deliveries, due now for the other replicas", released);
        } catch (RuntimeException e) {
            LOG.warnf(e, "shutting down: could not hand back %d claimed deliveries; they are retaken when their lease ends",
                    unfinished.size());
        }
    }

    /** Asks the loop to look for due deliveries now. Cheap; many calls collapse into one look. */
    void wake() {
        sweepAll.set(true);
        signal();
    }

    /**
     * Asks the loop to see to one subscription's lane: claim more, start senders, hand back stale
     * claims. Cheaper than {@link #wake}, whose look over every subscription's due deliveries
     * would otherwise run again and again while a backlog drains.
     */
    private void wakeFor(UUID subscriptionId) {
        moreFor.add(subscriptionId);
        signal();
    }

    private void signal() {
        if (wakeSignal.availablePermits() == 0) {
            wakeSignal.release();
        }
    }

    private void run() {
        while (running) {
            try {
                if (!wakeSignal.tryAcquire(30, TimeUnit.SECONDS)) {
                    sweepAll.set(true); // quiet for a while: look everywhere anyway
                }
                wakeSignal.drainPermits();
                if (running) {
                    dispatchDue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                sweepAll.set(true);
                LOG.warn("claiming deliveries failed; the next sweep tries again", e);
            }
        }
    }

    private void dispatchDue() {
        Set<UUID> due = new LinkedHashSet<>();
        for (Iterator<UUID> it = moreFor.iterator(); it.hasNext();) {
            due.add(it.next());
            it.remove();
        }
        boolean sweep = sweepAll.getAndSet(false); // reset before the look: a wake from now on is seen next time
        if (sweep) {
            List<UUID> withDue = ledger.subscriptionsWithDueDeliveries();
            due.addAll(withDue);
            for (UUID id : withDue) {
                ClaimLane lane = lane(id);
                lane.backlogGone = false; // due rows are there again: new events, retries, claims handed back or expired
                lane.resumeAfter = null; // some may sort before where the last claim stopped
            }
        }
        for (UUID subscriptionId : due) {
            if (!running) {
                return; // shutting down: claim nothing more
            }
            ClaimLane lane = lane(subscriptionId);
            handBackStale(lane);
            claimMore(lane);
            startSenders(lane);
        }
    }

    private ClaimLane lane(UUID subscriptionId) {
        return lanes.computeIfAbsent(subscriptionId,
                id -> new ClaimLane(id, config.perSubscriptionConcurrency(), config.maxClaimedAhead()));
    }

    /** Claims for the lane when its queue runs low and the last claim did not find the backlog empty. */
    private void claimMore(ClaimLane lane) {
        int queued = lane.queued();
        int free = lane.inFlight.availablePermits();
        if (lane.backlogGone || queued > lane.batch / 2) {
            return;
        }
        int wanted = free + lane.batch - queued;
        if (wanted <= 0) {
            return;
        }
        long claimedAt = System.nanoTime();
        DeliveryLedger.ClaimCursor after = lane.resumeAfter;
        DeliveryLedger.Claimed claimed = ledger.claim(lane.subscriptionId, wanted, config.claimLease(), after);
        List<DeliveryClaim> claims = new ArrayList<>(claimed.claims());
        lane.resumeAfter = claimed.last() != null ? claimed.last() : after;
        if (claims.size() < wanted && after != null) {
            // past the cursor the backlog is done; a full look finds what is due before it
            lane.resumeAfter = null;
            claims.addAll(ledger.claim(lane.subscriptionId, wanted - claims.size(), config.claimLease(), null).claims());
        }
        claims.forEach(claim -> held.put(claim.deliveryId(), claim));
        lane.add(claims, claimedAt + sendWindow().toNanos());
        lane.claimed(wanted, claims.size());
    }

    /**
     * How long a claim may wait in a lane: an attempt started later could outlast the lease and
     * be sent twice at once, by this process and by the replica that retook it.
     */
    private Duration sendWindow() {
        Duration window = config.claimLease().minus(config.timeout());
        return window.isNegative() || window.isZero() ? config.claimLease().dividedBy(2) : window;
    }

    /** One sender per free permit while claims wait; each sends queued claims until the lane is empty. */
    private void startSenders(ClaimLane lane) {
        while (lane.queued() > 0 && lane.inFlight.tryAcquire()) {
            try {
                senders.execute(() -> drain(lane));
            } catch (RejectedExecutionException shuttingDown) {
                lane.inFlight.release(); // the queued claims stay held: the shutdown hands them back
                return;
            }
        }
    }

    /** A sender holding one of the lane's permits. */
    private void drain(ClaimLane lane) {
        try {
            DeliveryClaim claim;
            while (running && (claim = lane.next()) != null) {
                if (lane.runningLow()) {
                    wakeFor(lane.subscriptionId); // claim the next batch while this one is being sent
                }
                if (!attempt(lane, claim)) {
                    return; // interrupted by the shutdown
                }
            }
        } finally {
            lane.inFlight.release();
            wakeFor(lane.subscriptionId); // claims that arrived as this sender stopped need one
        }
    }

    /** Hands back claims that waited too long to be sent: due again at once, here or elsewhere. */
    private void handBackStale(ClaimLane lane) {
        List<DeliveryClaim> stale = lane.takeStale();
        if (stale.isEmpty()) {
            return;
        }
        try {
            ledger.release(stale);
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not hand back %d deliveries claimed too long ago; they are retaken when their lease ends",
                    stale.size());
        }
        stale.forEach(claim -> held.remove(claim.deliveryId()));
        lane.resumeAfter = null; // they sort before where the last claim stopped: the next claim looks from the start
    }

    /** Sends one claim; false when the shutdown interrupted it (the claim stays held and is handed back). */
    private boolean attempt(ClaimLane lane, DeliveryClaim claim) {
        DeliveryLedger.Outcome outcome;
        try {
            outcome = sender.send(claim);
        } catch (InterruptedException e) {
            // The shutdown gave up waiting for the answer. Not the receiver's failure: the claim
            // stays held and is handed back, due at once, without counting an attempt.
            Thread.currentThread().interrupt();
            return false;
        }
        // counted whether or not the ledger keeps it: the attempt happened either way
        metrics.attempted(claim, outcome);
        if (outcome.disableSubscriptionBecause() != null) {
            lane.stopSending(); // the receiver is gone: its queued claims go back, unsent
            wakeFor(lane.subscriptionId);
        }
        recorder.add(new DeliveryLedger.Attempt(claim, outcome));
        return true;
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
