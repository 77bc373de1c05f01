package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Transactions;
import dev.tether.platform.WebhooksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * What may be done to one existing subscription — edit, pause and resume, rotate the secret,
 * send a test event, replay deliveries — checked the same way and recorded on the operator
 * trail in the change's own transaction, whoever asks: the admin API, the operator console or
 * the subscription owner's portal. The {@link Cause} names who that was.
 */
@ApplicationScoped
public class SubscriptionChanges {

    public static final int MAX_URL_LENGTH = 2000;
    public static final String URL_REQUIRED = "\"url\" is required";
    public static final String URL_TOO_LONG = "\"url\" is longer than " + MAX_URL_LENGTH + " characters";
    public static final String EVENT_TYPES_EMPTY = "\"eventTypes\" may be omitted (every type) but not empty";
    public static final String AUDIENCES_EMPTY = "\"audiences\" may be omitted (every event) or null but not empty";
    public static final int MAX_AUTHORIZATION_LENGTH = 4096;
    public static final String AUTHORIZATION_SSF_ONLY = "\"authorizationHeader\" is for SSF subscriptions (RFC 8935 push);"
            + " Standard Webhooks are signed with the subscription's secret";
    public static final String AUTHORIZATION_FORM = "\"authorizationHeader\" is the Authorization header's value, e.g."
            + " \"Bearer <token>\": 1 to " + MAX_AUTHORIZATION_LENGTH + " visible ASCII characters and spaces, not blank";
    public static final String SINCE_REQUIRED = "\"since\" (a feed cursor or a time) is required";

    private final SubscriptionStore subscriptions;
    private final DeliveryLedger deliveries;
    private final DeliveryTargetPolicy targets;
    private final SubscriptionTestEvents testEvents;
    private final DeliveryDispatcher dispatcher;
    private final WebhooksConfig config;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;
    private final ObjectMapper mapper;

    public SubscriptionChanges(SubscriptionStore subscriptions, DeliveryLedger deliveries, DeliveryTargetPolicy targets,
            SubscriptionTestEvents testEvents, DeliveryDispatcher dispatcher, WebhooksConfig config, AuditLog audit,
            Transactions transactions, Clock clock, ObjectMapper mapper) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.targets = targets;
        this.testEvents = testEvents;
        this.dispatcher = dispatcher;
        this.config = config;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** A subscription just after its secret was rotated, and the new secret (shown once). */
    public record Rotated(Subscription subscription, String secret) {
    }

    public Subscription find(UUID id) {
        return subscriptions.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Applies a partial change (null fields stay). A paused subscription that is resumed sends
     * what it held at once.
     */
    public Subscription update(UUID id, SubscriptionStore.Change change, Cause cause) {
        if (change.url() != null) {
            checkUrl(change.url());
        }
        checkTypes(change.eventTypes());
        if (change.audiences() != null && change.audiences().isEmpty()) {
            throw SubscriptionRefusal.invalid("/audiences", AUDIENCES_EMPTY);
        }
        if (change.changesPushAuthorization()) {
            checkPushAuthorization(find(id).format(), change.pushAuthorization());
        }
        Subscription updated = transactions.run(() -> {
            Subscription changed = subscriptions.update(id, change).orElseThrow(() -> notFound(id));
            AuditEntry entry = AuditEntry.operatorTrail("subscription.update").target("Subscription", id);
            if (change.status() != null) {
                entry.detail("status", change.status());
            }
            if (change.url() != null) {
                entry.detail("url", change.url());
            }
            if (change.eventTypes() != null || change.clearEventTypes()) {
                entry.detail("eventTypes", mapper.valueToTree(change.eventTypes()));
            }
            if (change.description() != null) {
                entry.detail("description", change.description());
            }
            if (change.audiences() != null || change.clearAudiences()) {
                entry.detail("audiences", mapper.valueToTree(change.audiences()));
            }
            if (change.changesPushAuthorization()) {
                // that it changed, never the value
                entry.detail("authorizationHeader", change.pushAuthorization() == null ? "cleared" : "set");
            }
            audit.append(entry.cause(cause));
            return changed;
        });
        if ("active".equals(change.status())) {
            dispatcher.wake(); // deliveries held while paused go out now
        }
        return updated;
    }

    /**
     * A new Standard Webhooks secret; the current one keeps signing alongside it for
     * {@code overlap} (null: the configured overlap) so receivers can switch without a gap.
     */
    public Rotated rotateSecret(UUID id, Duration overlap, Cause cause) {
        Subscription current = find(id);
        if (!Subscription.STANDARD_WEBHOOKS.equals(current.format())) {
            throw SubscriptionRefusal.conflict(
                    "SSF subscriptions are signed with the server's SET keys (see the JWKS), not a secret");
        }
        Instant previousUntil = clock.instant().plus(overlap == null ? config.secretRotationOverlap() : overlap);
        String secret = transactions.run(() -> {
            String rotated = subscriptions.rotateSecret(id, previousUntil).orElseThrow(() -> notFound(id));
            audit.append(AuditEntry.operatorTrail("subscription.rotate-secret").target("Subscription", id)
                    .detail("previousSecretExpiresAt", previousUntil.toString()).cause(cause));
            return rotated;
        });
        return new Rotated(find(id), secret);
    }

    /** Queues a {@code tether.test} event for this subscription only; returns the event's id. */
    public UUID sendTest(UUID id, Cause cause) {
        find(id);
        return transactions.run(() -> {
            UUID sent = testEvents.send(id);
            audit.append(AuditEntry.operatorTrail("subscription.test").target("Subscription", id)
                    .detail("event", sent.toString()).cause(cause));
            return sent;
        });
    }

    /** Sends one delivery of this subscription again, with the same event id. */
    public void replay(UUID id, UUID delivery, Cause cause) {
        transactions.run(() -> {
            deliveries.replay(id, delivery)
                    .orElseThrow(() -> SubscriptionRefusal.notFound("no delivery " + delivery + " of this subscription"));
            audit.append(AuditEntry.operatorTrail("subscription.replay").target("Subscription", id)
                    .detail("delivery", delivery.toString()).cause(cause));
            return null;
        });
        dispatcher.wake();
    }

    /**
     * Sends again every matching event after {@code since} (a feed cursor or an RFC 3339 time),
     * same ids; returns how many deliveries were queued.
     */
    public int replaySince(UUID id, String since, Cause cause) {
        find(id);
        if (since == null || since.isBlank()) {
            throw SubscriptionRefusal.invalid("/since", SINCE_REQUIRED);
        }
        Instant time = null;
        FeedCursor cursor = null;
        try {
            time = OffsetDateTime.parse(since).toInstant();
        } catch (DateTimeParseException notATime) {
            try {
                cursor = FeedCursor.parse(since).orElseThrow();
            } catch (RuntimeException notACursor) {
                throw SubscriptionRefusal.invalid("/since", "\"since\" is neither a feed cursor nor an RFC 3339 time");
            }
        }
        FeedCursor after = cursor;
        Instant from = time;
        int replayed = transactions.run(() -> {
            int count = subscriptions.replaySince(id, after, from);
            audit.append(AuditEntry.operatorTrail("subscription.replay").target("Subscription", id)
                    .detail("since", since)
                    .detail("replayed", count).cause(cause));
            return count;
        });
        dispatcher.wake();
        return replayed;
    }

    /** The checks a webhook URL gets wherever it is written: present, bounded, and no internal target. */
    public void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw SubscriptionRefusal.invalid("/url", URL_REQUIRED);
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw SubscriptionRefusal.invalid("/url", URL_TOO_LONG);
        }
        checkTarget(url);
    }

    /** Private, loopback and link-local targets are refused unless configured otherwise (SSRF). */
    public void checkTarget(String url) {
        String refusal = targets.refusal(url);
        if (refusal != null) {
            throw SubscriptionRefusal.invalid("/url", refusal);
        }
    }

    /**
     * An SSF push Authorization header value (null: none) for a subscription of {@code format}:
     * SSF only, one header line's worth of visible ASCII, so it can neither be empty nor smuggle
     * a second header.
     */
    public static void checkPushAuthorization(String format, String header) {
        if (header == null) {
            return;
        }
        if (!Subscription.SSF.equals(format)) {
            throw SubscriptionRefusal.invalid("/authorizationHeader", AUTHORIZATION_SSF_ONLY);
        }
        if (header.isBlank() || header.length() > MAX_AUTHORIZATION_LENGTH
                || !header.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e)) {
            throw SubscriptionRefusal.invalid("/authorizationHeader", AUTHORIZATION_FORM);
        }
    }

    /** Null is every type; otherwise each must be one Tether publishes. */
    public static void checkTypes(List<String> types) {
        if (types == null) {
            return;
        }
        if (types.isEmpty()) {
            throw SubscriptionRefusal.invalid("/eventTypes", EVENT_TYPES_EMPTY);
        }
        for (int i = 0; i < types.size(); i++) {
            String t = types.get(i);
            if (!EventTypes.isKnown(t)) {
                throw SubscriptionRefusal.invalid("/eventTypes/" + i, "unknown event type " + t + "; known: " + EventTypes.ALL);
            }
        }
    }

    private static SubscriptionRefusal notFound(UUID id) {
        return SubscriptionRefusal.notFound("no subscription " + id);
    }
}
