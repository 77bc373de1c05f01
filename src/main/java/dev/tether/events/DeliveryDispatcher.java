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
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries. One loop thread claims work when woken (after a commit in this
 * process, a NOTIFY from another, a sweep tick, or a retry falling due) and hands each claim
 * to a sender thread. Each subscription has its own permits, so a slow receiver only ever
 * holds its own share of the senders.
 *
 * <p>On shutdown it stops claiming, gives the attempts in flight {@code shutdown-grace} to
 * finish and be recorded, then hands back every claim it still holds: those deliveries are due
 * again at once for the other replicas, neither waiting out the lease nor counted as a failed
 * attempt (which would push them back along the retry schedule).
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final DeliveryLedger ledger;
    private final WebhooksConfig config;
    private final DeliveryTargetPolicy targets;
    private final SecurityEventTokens sets;
    private final ObjectMapper mapper;
    private final RetrySchedule schedule;
    private final DeliveryMetrics metrics;
    private final Map<UUID, Semaphore> permits = new ConcurrentHashMap<>();
    private final Semaphore wakeSignal = new Semaphore(0);
    /** Claims taken and not yet settled (outcome recorded): what a shutdown hands back. */
    private final Map<UUID, DeliveryClaim> held = new ConcurrentHashMap<>();
    private volatile boolean running;
    /** Subscriptions whose finished attempts freed a permit since the loop last looked. */
    private final Set<UUID> moreFor = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepAll = new AtomicBoolean();
    private Thread loop;
    private ExecutorService senders;
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
        retryTimer = Executors.newSingleThreadScheduledExecutor(daemon("tether-delivery-timer"));
        running = true;
        loop = daemon("tether-delivery-dispatcher").newThread(this::run);
        loop.start();
        wake();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        wake();
        if (senders == null) {
            return;
        }
        retryTimer.shutdownNow();
        try {
            loop.join(config.timeout().toMillis()); // a claim it is taking right now still reaches held
            senders.shutdown();
            if (!senders.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow(); // interrupts the sends still waiting for an answer; queued claims never start
                senders.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
        releaseHeld();
    }

    private void releaseHeld() {
        List<DeliveryClaim> unfinished = List.copyOf(held.values());
        if (unfinished.isEmpty()) {
            return;
        }
        try {
            int released = ledger.release(unfinished);
            LOG.infof("shutting down: handed back %d claimed deliveries, due now for the other replicas", released);
        } catch (RuntimeException e) {
            LOG.warnf(e, "shutting down: could not hand back %d claimed deliveries; they are retaken when their lease ends",
                    unfinished.size());
        }
    }

    /** Asks the loop to look for due deliveries now. Cheap; many calls collapse into one look. */
    public void wake() {
        sweepAll.set(true);
        signal();
    }

    /**
     * Asks the loop to claim more of one subscription's deliveries: what a finished attempt
     * needs. Cheaper than {@link #wake}, whose look over every subscription's due deliveries
     * would otherwise run once per delivery while a backlog drains.
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
        if (sweepAll.getAndSet(false)) { // reset before the look: a wake from now on is seen next time
            due.addAll(ledger.subscriptionsWithDueDeliveries());
        }
        for (UUID subscriptionId : due) {
            Semaphore free = permits.computeIfAbsent(subscriptionId,
                    id -> new Semaphore(config.perSubscriptionConcurrency()));
            int available = free.drainPermits();
            if (available == 0) {
                continue; // its senders are busy; each finishing attempt wakes the loop again
            }
            if (!running) {
                return; // shutting down: claim nothing more
            }
            List<DeliveryClaim> claims;
            try {
                claims = ledger.claim(subscriptionId, available, config.claimLease());
            } catch (RuntimeException e) {
                free.release(available);
                throw e;
            }
            free.release(available - claims.size());
            for (DeliveryClaim claim : claims) {
                held.put(claim.deliveryId(), claim);
                try {
                    senders.execute(() -> {
                        try {
                            attempt(claim);
                        } finally {
                            free.release();
                            wakeFor(subscriptionId); // more of its deliveries may be waiting for the permit
                        }
                    });
                } catch (RejectedExecutionException shuttingDown) {
                    free.release(); // stays held: the shutdown hands it back
                }
            }
        }
    }

    private void attempt(DeliveryClaim claim) {
        DeliveryLedger.Outcome outcome;
        try {
            outcome = send(claim);
        } catch (InterruptedException e) {
            // The shutdown gave up waiting for the answer. Not the receiver's failure: the claim
            // stays held and is handed back, due at once, without counting an attempt.
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            outcome = failure(claim, null, describe(e), null);
        }
        // counted whether or not the ledger keeps it: the attempt happened either way
        metrics.attempted(claim, outcome);
        try {
            if (!ledger.record(claim, outcome)) {
                LOG.debugf("delivery %s was retaken or replayed during the attempt; outcome not recorded",
                        claim.deliveryId());
            }
            held.remove(claim.deliveryId());
        } catch (RuntimeException e) {
            if (running) {
                // The claim's lease runs out and the delivery is sent again, with the same id.
                held.remove(claim.deliveryId());
                LOG.warn("could not record a delivery outcome; it will be retried after the lease", e);
            } // else: stays held, and the shutdown hands it back
        }
        if (outcome.nextAttemptIn() != null && !outcome.succeeded() && running) {
            try {
                retryTimer.schedule(this::wake, outcome.nextAttemptIn().toMillis() + 5, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // the retry is in the ledger; another replica's sweep picks it up when due
            }
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
