package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of delivery to subscribers. Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.webhooks")
public interface WebhooksConfig {

    /** Lets subscriptions target private, loopback and link-local addresses (tests, labs). */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** When each attempt is made, counted from the previous one; after the last the delivery is dead. */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    /** Each retry delay is moved by up to this fraction either way, so retries do not arrive in herds. */
    @WithDefault("0.1")
    double retryJitter();

    /** Connect and response timeout of one attempt. */
    @WithDefault("15s")
    Duration timeout();

    /** How long a claim holds a delivery; a process that dies holding it loses it after this. Above the timeout. */
    @WithDefault("60s")
    Duration claimLease();

    /** Deliveries in flight at once to one subscription from one process, so a slow receiver delays no one else. */
    @WithDefault("4")
    int perSubscriptionConcurrency();

    /**
     * Most deliveries of one subscription that one process claims ahead of its senders, so a
     * backlog drains with one claim per batch. Fewer while the receiver is slow: a claim must be
     * sent well within its lease. 0 claims only what can be sent at once.
     */
    @WithDefault("256")
    int maxClaimedAhead();

    /** Threads sending deliveries in one process. */
    @WithDefault("32")
    int senderThreads();

    /**
     * On shutdown, how long attempts in flight may take to finish; claims still unanswered are
     * then handed back, due at once for the other replicas.
     */
    @WithDefault("5s")
    Duration shutdownGrace();

    /** How often each process looks for due retries and expired claims (the scheduler reads it as {@code ${…}}). */
    @WithDefault("1s")
    Duration sweepInterval();

    /** How long the previous secret keeps signing after rotate-secret. */
    @WithDefault("24h")
    Duration secretRotationOverlap();

    /**
     * Folder of the AES-256 keys that encrypt the signing secrets at rest ({@code primary.key}
     * seals, every {@code *.key} opens); made with one key on first start when absent.
     * Defaults to {@code <tether.data-dir>/webhook-keys}.
     */
    Optional<String> encryptionKeyFolder();

    /** Longest Retry-After that is honoured; longer values are cut to this. */
    @WithDefault("24h")
    Duration maxRetryAfter();
}
