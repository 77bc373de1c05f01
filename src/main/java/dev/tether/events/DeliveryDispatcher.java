package dev.tether.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries. One loop thread claims work when woken (after a commit in this
 * process, a NOTIFY from another, a sweep tick, or a retry falling due) and queues it on the
 * subscription's lane; sender threads take claims off the lane and send them. Each subscription
 * has its own permits, so a slow receiver only ever holds its own share of the senders.
 *
 * <p>A lane claims ahead of its senders (up to {@code max-claimed-ahead}), so a backlog drains
 * with one claim per batch rather than one per delivery; the batch grows while the receiver
 * keeps up and shrinks when claims sat queued so long that their lease got short. A queued claim
 * is sent only while its lease outlasts an attempt's timeout; otherwise it is handed back, so no
 * other replica can retake a delivery this process is still about to send. Outcomes are recorded
 * in batches by one recorder thread: whatever finished while the previous batch was written.
 *
 * <p>On shutdown it stops claiming and starting queued claims, gives the attempts in flight
 * {@code shutdown-grace} to finish and be recorded, then hands back every claim it still holds,
 * queued or unanswered: those deliveries are due again at once for the other replicas, neither
 * waiting out the lease nor counted as a failed attempt (which would push them back along the
 * retry schedule). A process that dies holding claims loses them when their lease ends.
 */
@ApplicationScoped
public class DeliveryDispatcher implements DeliveryWake {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 500;
    /** Most finished attempts written by one statement. */
    private static final int MAX_RECORD_BATCH = 500;

    private final DeliveryLedger ledger;
    private final WebhooksConfig config;
    private final DeliveryTargetPolicy targets;
    private final SecurityEventTokens sets;
    private final ObjectMapper mapper;
    private final RetrySchedule schedule;
    private final DeliveryMetrics metrics;
    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
    private final Semaphore wakeSignal = new Semaphore(0);
    /** Claims taken and not yet settled (outcome recorded or handed back): what a shutdown hands back. */
    private final Map<UUID, DeliveryClaim> held = new ConcurrentHashMap<>();
    /** Attempts finished and not yet recorded. */
    private final ConcurrentLinkedQueue<DeliveryLedger.Attempt> finished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    private volatile boolean running;
    /** Subscriptions whose lane needs the loop: senders ran dry or low, or claims went stale. */
    private final Set<UUID> moreFor = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepAll = new AtomicBoolean();
    private Thread loop;
    private ExecutorService senders;
    private ExecutorService recorder;
    private ScheduledExecutorService retryTimer;
    private HttpClient http;

    public DeliveryDispatcher(DeliveryLedger ledger, WebhooksConfig config, DeliveryTargetPolicy targets,
            SecurityEventTokens sets, ObjectMapper mapper, DeliveryMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.config = config;
        this.targets = targets;
        this.sets = sets;
        this.mapper = mapper;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.retryJitter(), config.maxRetryAfter());
    }

    void start(@Observes StartupEvent ignored) {
        http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could point anywhere, past the target check
                .connectTimeout(config.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        senders = Executors.newFixedThreadPool(config.senderThreads(), daemon("tether-delivery-sender"));
        recorder = Executors.newSingleThreadExecutor(daemon("tether-delivery-recorder"));
        retryTimer = Executors.newSingleThreadScheduledExecutor(daemon("tether-delivery-timer"));
        lanes.clear();
        running = true;
        loop = daemon("tether-delivery-dispatcher").newThread(this::run);
        loop.start();
        wake();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false; // senders start no queued claim from now on
        wake();
        if (senders == null) {
            return;
        }
        retryTimer.shutdownNow();
        try {
            loop.join(config.timeout().toMillis()); // a claim it is taking right now still reaches held
            senders.shutdown();
            if (!senders.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow(); // interrupts the sends still waiting for an answer
                senders.awaitTermination(5, TimeUnit.SECONDS);
            }
            recorder.shutdown(); // a batch being written finishes
            recorder.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
        recordFinished(); // what the recorder had not picked up yet
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
    @Override
    public void wake() {
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
                Lane lane = lane(id);
                lane.backlogGone = false; // due rows are there again: new events, retries, claims handed back or expired
                lane.resumeAfter = null; // some may sort before where the last claim stopped
            }
        }
        for (UUID subscriptionId : due) {
            if (!running) {
                return; // shutting down: claim nothing more
            }
            Lane lane = lane(subscriptionId);
            handBackStale(lane);
            claimMore(lane);
            startSenders(lane);
        }
    }

    private Lane lane(UUID subscriptionId) {
        return lanes.computeIfAbsent(subscriptionId, Lane::new);
    }

    /** Claims for the lane when its queue runs low and the last claim did not find the backlog empty. */
    private void claimMore(Lane lane) {
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
    private void startSenders(Lane lane) {
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
    private void drain(Lane lane) {
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
    private void handBackStale(Lane lane) {
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
    private boolean attempt(Lane lane, DeliveryClaim claim) {
        DeliveryLedger.Outcome outcome;
        try {
            outcome = send(claim);
        } catch (InterruptedException e) {
            // The shutdown gave up waiting for the answer. Not the receiver's failure: the claim
            // stays held and is handed back, due at once, without counting an attempt.
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            outcome = failure(claim, null, describe(e), null);
        }
        // counted whether or not the ledger keeps it: the attempt happened either way
        metrics.attempted(claim, outcome);
        if (outcome.disableSubscriptionBecause() != null) {
            lane.stopSending(); // the receiver is gone: its queued claims go back, unsent
            wakeFor(lane.subscriptionId);
        }
        finished.add(new DeliveryLedger.Attempt(claim, outcome));
        if (recording.compareAndSet(false, true)) {
            try {
                recorder.execute(this::recordFinishedInTurn);
            } catch (RejectedExecutionException shuttingDown) {
                recording.set(false); // the shutdown records it
            }
        }
        return true;
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

    private void recordFinished() {
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
            batch.forEach(a -> held.remove(a.claim().deliveryId()));
        } catch (RuntimeException e) {
            if (running) {
                // The claims' lease runs out and the deliveries are sent again, with the same ids.
                batch.forEach(a -> held.remove(a.claim().deliveryId()));
                LOG.warnf(e, "could not record %d delivery outcomes; they will be retried after the lease", batch.size());
            } // else: they stay held, and the shutdown hands them back
        }
        for (DeliveryLedger.Attempt a : batch) {
            DeliveryLedger.Outcome outcome = a.outcome();
            if (outcome.nextAttemptIn() != null && !outcome.succeeded() && running) {
                try {
                    retryTimer.schedule(this::wake, outcome.nextAttemptIn().toMillis() + 5, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException shuttingDown) {
                    // the retry is in the ledger; another replica's sweep picks it up when due
                }
            }
        }
    }

    /**
     * One subscription's work in this process: permits for attempts in flight, and the claims
     * taken ahead of them, each with the time after which it must not be started.
     */
    private final class Lane {
        final UUID subscriptionId;
        final Semaphore inFlight = new Semaphore(config.perSubscriptionConcurrency());
        private final ArrayDeque<DeliveryClaim> queue = new ArrayDeque<>();
        private final ArrayDeque<Long> sendBy = new ArrayDeque<>();
        private final List<DeliveryClaim> stale = new ArrayList<>();
        /** How many claims to keep queued beyond the free permits; adapts to how fast the receiver takes them. */
        volatile int batch = Math.min(config.perSubscriptionConcurrency(), config.maxClaimedAhead());
        /** Where the last claim stopped; the next one starts there while the backlog drains. */
        volatile DeliveryLedger.ClaimCursor resumeAfter;
        /** The last claim found fewer due deliveries than it asked for: wait for a wake before claiming again. */
        volatile boolean backlogGone;
        private boolean wentStale;

        Lane(UUID subscriptionId) {
            this.subscriptionId = subscriptionId;
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
                batch = Math.min(config.maxClaimedAhead(), Math.max(1, batch * 2));
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

    /** One attempt; InterruptedException when the shutdown interrupted it before an answer came. */
    DeliveryLedger.Outcome send(DeliveryClaim claim) throws InterruptedException {
        String refusal = targets.refusal(claim.url());
        if (refusal != null) {
            return failure(claim, null, refusal, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(claim.url())).timeout(config.timeout());
        if (Subscription.SSF.equals(claim.format())) {
            String set = sets.sign(claim.event(), claim.audience() != null ? claim.audience() : claim.url());
            request.header("Content-Type", SecurityEventTokens.MEDIA_TYPE).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(set, StandardCharsets.US_ASCII));
        } else {
            String body = standardWebhookBody(claim.event());
            String id = claim.event().id().toString();
            long timestamp = Instant.now().getEpochSecond();
            request.header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", StandardWebhookSignature.header(id, timestamp, body, claim.secrets()))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while sending");
            }
            return failure(claim, null, describe(e), null);
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            return new DeliveryLedger.Outcome(true, code, null, null, null);
        }
        if (code == 410) {
            return new DeliveryLedger.Outcome(false, code, "receiver answered 410 Gone; subscription disabled", null,
                    "receiver answered 410 Gone at " + Instant.now());
        }
        Duration retryAfter = code == 429 || code == 502 || code == 504
                ? retryAfter(response.headers().firstValue("Retry-After").orElse(null)) : null;
        return failure(claim, code, errorOf(code, response.body(), claim.format()), retryAfter);
    }

    private DeliveryLedger.Outcome failure(DeliveryClaim claim, Integer code, String error, Duration retryAfter) {
        Duration next = schedule.next(claim.attemptsMade() + 1, retryAfter).orElse(null);
        return new DeliveryLedger.Outcome(false, code, error, next, null);
    }

    /** The Standard Webhooks body: {type, timestamp, data}; data carries the event's subject, sequence and txn. */
    String standardWebhookBody(StoredEvent e) {
        ObjectNode body = mapper.createObjectNode();
        body.put("type", e.type());
        body.put("timestamp", e.occurredAt().toString());
        ObjectNode data = e.data().deepCopy();
        if (e.directoryId() != null) {
            data.put("directoryId", e.directoryId().toString());
        }
        data.putObject("subject").put("type", e.subjectType()).put("id", e.subjectId().toString());
        data.put("sequence", e.sequence());
        data.put("txn", e.txn().toString());
        body.set("data", data);
        try {
            return mapper.writeValueAsString(body);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** RFC 8935 §2.3: a 400 carries {"err","description"}; keep those, else the start of the body. */
    private String errorOf(int code, String body, String format) {
        String detail = body == null ? "" : body;
        if (Subscription.SSF.equals(format) && code == 400) {
            try {
                JsonNode err = mapper.readTree(detail);
                if (err.hasNonNull("err")) {
                    detail = "err=" + err.get("err").asText() + " description=" + err.path("description").asText("");
                }
            } catch (java.io.IOException ignored) {
                // not JSON: the raw body below
            }
        }
        String message = "HTTP " + code + (detail.isBlank() ? "" : ": " + detail);
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }

    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
