package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.EnvelopeKeyFolder;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** The deliveries table: claiming due rows, recording outcomes, listing and replaying them. */
@ApplicationScoped
public class DeliveryLedger {

    private final DataSource dataSource;
    private final Transactions transactions;
    private final ObjectMapper mapper;
    private final WebhookSecrets webhookSecrets;

    public DeliveryLedger(DataSource dataSource, Transactions transactions, ObjectMapper mapper,
            WebhookSecrets webhookSecrets) {
        this.webhookSecrets = webhookSecrets;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    private static final String DUE = """
            d.status = 'pending' AND d.next_attempt_at <= now()
            AND (d.claimed_until IS NULL OR d.claimed_until < now())""";

    /** Active subscriptions with at least one delivery due now. */
    public List<UUID> subscriptionsWithDueDeliveries() {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    // one index probe per subscription, not a pass over every due delivery
                    "SELECT s.id FROM subscriptions s WHERE s.status = 'active' AND EXISTS (SELECT 1 FROM deliveries d"
                            + " WHERE d.subscription_id = s.id AND " + DUE + ")")) {
                List<UUID> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Where a subscription's last claim stopped, in claim order (due time, then outbox position):
     * the next claim of a draining backlog starts there instead of walking again, from the start
     * of the index, over the entries of every delivery sent since it began.
     */
    public record ClaimCursor(OffsetDateTime nextAttemptAt, long eventPosition) {
    }

    /** A row comparison the claim index (subscription, due time, position) can start its scan at. */
    private static final String AFTER_CURSOR = "(d.next_attempt_at, d.event_position) > (?::timestamptz, ?::bigint)";

    /** What one claim took, and where it stopped (null when it took nothing or cannot be resumed). */
    public record Claimed(List<DeliveryClaim> claims, ClaimCursor last) {
    }

    /**
     * Claims up to {@code max} due deliveries of one subscription, oldest event first. SKIP LOCKED
     * lets replicas claim side by side without waiting on or double-taking each other's rows.
     * With {@code after}, only deliveries after it: rows before it that are due (a transaction
     * that began earlier but committed later, a claim handed back or whose lease ran out) are
     * found by the next claim without one.
     */
    public Claimed claim(UUID subscriptionId, int max, Duration lease, ClaimCursor after) {
        UUID claimId = UUID.randomUUID();
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    WITH picked AS (
                        SELECT d.id, d.next_attempt_at, d.event_position FROM deliveries d
                         WHERE d.subscription_id = ?
                           AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = ? AND s.status = 'active')
                           AND """ + " " + DUE + " AND " + (after == null ? "TRUE" : AFTER_CURSOR) + " " + """
                         ORDER BY d.next_attempt_at, d.event_position
                         LIMIT ?
                         FOR UPDATE OF d SKIP LOCKED)
                    UPDATE deliveries d SET claim_id = ?, claimed_until = now() + ?::interval
                      FROM picked WHERE d.id = picked.id
                    RETURNING d.id, picked.next_attempt_at, picked.event_position
                    """)) {
                relaxCommit(c);
                ps.setObject(1, subscriptionId);
                ps.setObject(2, subscriptionId);
                int p = 3;
                if (after != null) {
                    ps.setObject(p++, after.nextAttemptAt());
                    ps.setLong(p++, after.eventPosition());
                }
                ps.setInt(p++, max);
                ps.setObject(p++, claimId);
                ps.setString(p, lease.toMillis() + " milliseconds");
                List<UUID> ids = new ArrayList<>();
                ClaimCursor last = null;
                boolean resumable = true;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                        OffsetDateTime due = rs.getObject(2, OffsetDateTime.class);
                        long position = rs.getLong(3);
                        if (rs.wasNull()) {
                            resumable = false; // a row of an older version, without a position: sorts after all others
                        } else if (last == null || due.isAfter(last.nextAttemptAt())
                                || (due.isEqual(last.nextAttemptAt()) && position > last.eventPosition())) {
                            last = new ClaimCursor(due, position);
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return new Claimed(List.of(), null);
                }
                return new Claimed(load(c, ids, claimId), resumable ? last : null);
            }
        });
    }

    private List<DeliveryClaim> load(Connection c, List<UUID> ids, UUID claimId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EventFeed.EVENT_COLUMNS + """
                , d.id AS delivery_id, d.attempts, s.id AS subscription_id, s.url, s.format, s.audience,
                  s.secret, CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END AS previous_secret,
                  s.push_authorization
                  FROM deliveries d JOIN events e ON e.id = d.event_id JOIN subscriptions s ON s.id = d.subscription_id
                 WHERE d.id = ANY (?)
                 ORDER BY d.next_attempt_at, d.event_position
                """)) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            List<DeliveryClaim> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID subscription = rs.getObject("subscription_id", UUID.class);
                    List<String> secrets = new ArrayList<>(2);
                    try {
                        if (rs.getString("secret") != null) {
                            secrets.add(webhookSecrets.open(subscription, rs.getString("secret")));
                        }
                        if (rs.getString("previous_secret") != null) {
                            secrets.add(webhookSecrets.open(subscription, rs.getString("previous_secret")));
                        }
                    } catch (EnvelopeKeyFolder.SealedValueException e) {
                        // no secret to sign with: the attempt fails with this reason (WebhookRequests), the others go on
                        secrets = List.of(WebhookRequests.UNOPENED + e.getMessage());
                    }
                    String pushAuthorization;
                    try {
                        pushAuthorization = webhookSecrets.openPushAuthorization(subscription,
                                rs.getString("push_authorization"));
                    } catch (EnvelopeKeyFolder.SealedValueException e) {
                        // sending without it would only be refused: the attempt fails with this reason (SetRequests)
                        pushAuthorization = WebhookRequests.UNOPENED + e.getMessage();
                    }
                    out.add(new DeliveryClaim(rs.getObject("delivery_id", UUID.class), claimId, rs.getInt("attempts"),
                            EventFeed.read(rs, mapper), subscription,
                            rs.getString("url"), rs.getString("format"), rs.getString("audience"), secrets,
                            pushAuthorization));
                }
            }
            return out;
        }
    }

    /** What one attempt came to. {@code nextAttemptIn} null with {@code succeeded} false means dead. */
    public record Outcome(boolean succeeded, Integer statusCode, String error, Duration nextAttemptIn,
            String disableSubscriptionBecause, Integer latencyMillis) {

        public Outcome(boolean succeeded, Integer statusCode, String error, Duration nextAttemptIn,
                String disableSubscriptionBecause) {
            this(succeeded, statusCode, error, nextAttemptIn, disableSubscriptionBecause, null);
        }

        /** The same outcome, with how long its request took. */
        public Outcome took(Duration latency) {
            return new Outcome(succeeded, statusCode, error, nextAttemptIn, disableSubscriptionBecause,
                    (int) Math.min(Integer.MAX_VALUE, latency.toMillis()));
        }
    }

    /**
     * Claims and outcomes commit without waiting for the WAL flush: two flushes per delivery
     * bounded a subscription's drain at a few hundred per second. A crash can forget the last
     * moments of them, which at-least-once delivery absorbs: a forgotten claim is free again,
     * a forgotten outcome means the event is sent once more, with the same id. Events and
     * deliveries themselves are written by the SCIM write's transaction, with a full commit.
     */
    private static void relaxCommit(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SET LOCAL synchronous_commit = off")) {
            ps.execute();
        }
    }

    /** One finished attempt of a claim, waiting to be recorded. */
    public record Attempt(DeliveryClaim claim, Outcome outcome) {
    }

    /**
     * Records several finished attempts in one statement (one round trip and one commit instead
     * of one per attempt, which bounded a backlog's drain). Each row is updated only while its
     * own claim still holds it; returns the deliveries whose outcome was recorded, so an attempt
     * that outlived its lease (retaken elsewhere) or a replayed delivery is left as it is.
     */
    public Set<UUID> record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return Set.of();
        }
        // one lock order for every batch, whatever order the attempts finished in
        List<Attempt> sorted = new ArrayList<>(attempts);
        sorted.sort(Comparator.comparing(a -> a.claim().deliveryId()));
        int n = sorted.size();
        Object[] ids = new Object[n];
        Object[] claimIds = new Object[n];
        Object[] statuses = new Object[n];
        Object[] codes = new Object[n];
        Object[] errors = new Object[n];
        Object[] retryInMillis = new Object[n];
        Object[] latencies = new Object[n];
        for (int i = 0; i < n; i++) {
            Attempt a = sorted.get(i);
            Outcome o = a.outcome();
            boolean retry = !o.succeeded() && o.nextAttemptIn() != null;
            ids[i] = a.claim().deliveryId();
            claimIds[i] = a.claim().claimId();
            statuses[i] = o.succeeded() ? "succeeded" : retry ? "pending" : "dead";
            codes[i] = o.statusCode();
            errors[i] = o.error();
            retryInMillis[i] = retry ? o.nextAttemptIn().toMillis() : null;
            latencies[i] = o.latencyMillis();
        }
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                relaxCommit(c);
                Set<UUID> recorded = new HashSet<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE deliveries d
                           SET status = r.status, attempts = d.attempts + 1, last_attempt_at = now(),
                               last_status = r.last_status, last_error = r.last_error,
                               last_latency_ms = r.latency_ms,
                               delivered_at = CASE WHEN r.status = 'succeeded' THEN now() END,
                               next_attempt_at = now() + r.retry_in_ms * interval '1 millisecond',
                               claim_id = NULL, claimed_until = NULL
                          FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::text[], ?::bigint[], ?::int[])
                               AS r(id, claim_id, status, last_status, last_error, retry_in_ms, latency_ms)
                         WHERE d.id = r.id AND d.claim_id = r.claim_id
                        RETURNING d.id
                        """)) {
                    ps.setArray(1, c.createArrayOf("uuid", ids));
                    ps.setArray(2, c.createArrayOf("uuid", claimIds));
                    ps.setArray(3, c.createArrayOf("text", statuses));
                    ps.setArray(4, c.createArrayOf("int4", codes));
                    ps.setArray(5, c.createArrayOf("text", errors));
                    ps.setArray(6, c.createArrayOf("int8", retryInMillis));
                    ps.setArray(7, c.createArrayOf("int4", latencies));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            recorded.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                for (Attempt a : sorted) {
                    if (a.outcome().disableSubscriptionBecause() != null) {
                        try (PreparedStatement ps = c.prepareStatement("""
                                UPDATE subscriptions SET status = 'disabled', disabled_reason = ?, updated_at = now()
                                 WHERE id = ?
                                """)) {
                            ps.setString(1, a.outcome().disableSubscriptionBecause());
                            ps.setObject(2, a.claim().subscriptionId());
                            ps.executeUpdate();
                        }
                    }
                }
                return recorded;
            }
        });
    }

    /**
     * Hands claims back (a process shutting down): each delivery its claim still holds can be
     * claimed again at once, with its attempts and next attempt untouched, and a NOTIFY wakes
     * the other replicas. Returns how many were handed back.
     */
    public int release(List<DeliveryClaim> claims) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                int released;
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE deliveries d SET claim_id = NULL, claimed_until = NULL
                          FROM unnest(?::uuid[], ?::uuid[]) AS r(id, claim_id)
                         WHERE d.id = r.id AND d.claim_id = r.claim_id AND d.status = 'pending'
                        """)) {
                    ps.setArray(1, c.createArrayOf("uuid", claims.stream().map(DeliveryClaim::deliveryId).toArray()));
                    ps.setArray(2, c.createArrayOf("uuid", claims.stream().map(DeliveryClaim::claimId).toArray()));
                    released = ps.executeUpdate();
                }
                if (released > 0) {
                    EventOutbox.notifyOtherReplicas(c);
                }
                return released;
            }
        });
    }

    /** A delivery as the admin API shows it. */
    public record DeliveryView(UUID id, UUID eventId, String eventType, String status, int attempts,
            Instant lastAttemptAt, Integer lastStatusCode, String lastError, Integer lastLatencyMs, Instant nextAttemptAt,
            Instant deliveredAt, Instant createdAt) {
    }

    /** A delivery with its place in the list: its event's (txid, position), newest first. */
    public record ListedDelivery(DeliveryView view, String txid, long position) {
    }

    public List<DeliveryView> list(UUID subscriptionId, String status, int limit) {
        return page(subscriptionId, status, null, 0, limit).stream().map(ListedDelivery::view).toList();
    }

    /**
     * A keyset page, newest event first: up to {@code limit} deliveries whose event comes before
     * the one at ({@code beforeTxid}, {@code beforePosition}) (null txid: from the newest).
     */
    public List<ListedDelivery> page(UUID subscriptionId, String status, String beforeTxid, long beforePosition,
            int limit) {
        return page(subscriptionId, status, null, beforeTxid, beforePosition, limit);
    }

    /** As {@link #page(UUID, String, String, long, int)}, only the deliveries of events of {@code eventType} when not null. */
    public List<ListedDelivery> page(UUID subscriptionId, String status, String eventType, String beforeTxid,
            long beforePosition, int limit) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.last_attempt_at, d.last_status,
                           d.last_error, d.last_latency_ms, d.next_attempt_at, d.delivered_at, d.created_at,
                           e.txid::text AS txid, e.position
                      FROM deliveries d JOIN events e ON e.id = d.event_id
                     WHERE d.subscription_id = ? AND (?::text IS NULL OR d.status = ?::text)
                       AND (?::text IS NULL OR e.type = ?::text)
                       AND (?::xid8 IS NULL OR (e.txid, e.position) < (?::xid8, ?::bigint))
                     ORDER BY e.txid DESC, e.position DESC
                     LIMIT ?
                    """)) {
                ps.setObject(1, subscriptionId);
                ps.setString(2, status);
                ps.setString(3, status);
                ps.setString(4, eventType);
                ps.setString(5, eventType);
                ps.setString(6, beforeTxid);
                ps.setString(7, beforeTxid);
                ps.setLong(8, beforePosition);
                ps.setInt(9, limit);
                List<ListedDelivery> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int code = rs.getInt("last_status");
                        Integer lastStatus = rs.wasNull() ? null : code;
                        int ms = rs.getInt("last_latency_ms");
                        Integer latency = rs.wasNull() ? null : ms;
                        out.add(new ListedDelivery(new DeliveryView(rs.getObject("id", UUID.class),
                                rs.getObject("event_id", UUID.class),
                                rs.getString("type"), rs.getString("status"), rs.getInt("attempts"),
                                Jdbc.instant(rs, "last_attempt_at"), lastStatus, rs.getString("last_error"), latency,
                                Jdbc.instant(rs, "next_attempt_at"), Jdbc.instant(rs, "delivered_at"), Jdbc.instant(rs, "created_at")),
                                rs.getString("txid"), rs.getLong("position")));
                    }
                }
                return out;
            }
        });
    }

    /** Sends the delivery again with the same event id: pending now, a fresh retry schedule. */
    public Optional<Boolean> replay(UUID subscriptionId, UUID deliveryId) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    UPDATE deliveries
                       SET status = 'pending', attempts = 0, next_attempt_at = now(), claim_id = NULL, claimed_until = NULL
                     WHERE id = ? AND subscription_id = ?
                    """)) {
                ps.setObject(1, deliveryId);
                ps.setObject(2, subscriptionId);
                return ps.executeUpdate() > 0 ? Optional.of(Boolean.TRUE) : Optional.<Boolean>empty();
            }
        });
    }

}
