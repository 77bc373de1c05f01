package dev.tether.events;

import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The subscriptions table, their signing secrets, and the replay of their deliveries. */
@ApplicationScoped
public class SubscriptionStore {

    /** {@code audience} as the SET {@code aud} it is: for SSF, the URL when none was given. */
    private static final String COLUMNS = """
            id, url, format, event_types, directory_ids, description,
            CASE WHEN format = 'ssf' THEN coalesce(audience, url) ELSE audience END AS audience, audiences,
            status, disabled_reason, created_at, updated_at, previous_secret_expires_at,
            push_authorization IS NOT NULL AS has_push_authorization""";
    // made with the bean, at run time: a native image must not freeze a seeded generator into its heap
    private final SecureRandom random = new SecureRandom();

    private final DataSource dataSource;
    private final Transactions transactions;
    private final WebhookSecrets secrets;

    public SubscriptionStore(DataSource dataSource, Transactions transactions, WebhookSecrets secrets) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.secrets = secrets;
    }

    /** A new subscription and, for Standard Webhooks, its secret (shown to the operator once). */
    public record Created(Subscription subscription, String secret) {
    }

    public Created create(String url, String format, List<String> eventTypes, List<UUID> directoryIds,
            String description, String audience) {
        return create(url, format, eventTypes, directoryIds, description, audience, null);
    }

    /**
     * @param audiences null: every event; else only the events of credentials issued for (and
     *                  delegations granted to) one of these audiences
     */
    public Created create(String url, String format, List<String> eventTypes, List<UUID> directoryIds,
            String description, String audience, List<String> audiences) {
        return create(url, format, eventTypes, directoryIds, description, audience, audiences, null);
    }

    /**
     * @param pushAuthorization SSF only: the Authorization header value every push carries (null:
     *                          none); stored sealed, never shown again
     */
    public Created create(String url, String format, List<String> eventTypes, List<UUID> directoryIds,
            String description, String audience, List<String> audiences, String pushAuthorization) {
        String secret = Subscription.STANDARD_WEBHOOKS.equals(format) ? newSecret() : null;
        UUID id = UUID.randomUUID();
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO subscriptions (id, url, format, event_types, directory_ids, description, audience,
                                               audiences, status, secret, push_authorization, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, now(), now())
                    """)) {
                ps.setObject(1, id);
                ps.setString(2, url);
                ps.setString(3, format);
                ps.setArray(4, eventTypes == null ? null : c.createArrayOf("text", eventTypes.toArray()));
                ps.setArray(5, directoryIds == null ? null : c.createArrayOf("uuid", directoryIds.toArray()));
                ps.setString(6, description);
                ps.setString(7, audience);
                ps.setArray(8, audiences == null ? null : c.createArrayOf("text", audiences.toArray()));
                ps.setString(9, secrets.seal(id, secret));
                ps.setString(10, secrets.sealPushAuthorization(id, pushAuthorization));
                ps.executeUpdate();
            }
            return new Created(findIn(id).orElseThrow(), secret);
        });
    }

    public Optional<Subscription> find(UUID id) {
        return transactions.run(() -> findIn(id));
    }

    public List<Subscription> list() {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM subscriptions ORDER BY created_at, id")) {
                return read(ps);
            }
        });
    }

    /**
     * A keyset page in creation order: up to {@code limit} subscriptions after the one created
     * at {@code afterCreatedAt} with id {@code afterId} (both null: from the first), only those
     * with {@code status} when it is not null.
     */
    public List<Subscription> page(String status, Instant afterCreatedAt, UUID afterId, int limit) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM subscriptions WHERE (?::text IS NULL OR status = ?::text) "
                            + "AND (?::timestamptz IS NULL OR (created_at, id) > (?::timestamptz, ?::uuid)) "
                            + "ORDER BY created_at, id LIMIT ?")) {
                java.sql.Timestamp at = afterCreatedAt == null ? null : java.sql.Timestamp.from(afterCreatedAt);
                ps.setString(1, status);
                ps.setString(2, status);
                ps.setTimestamp(3, at);
                ps.setTimestamp(4, at);
                ps.setObject(5, afterId);
                ps.setInt(6, limit);
                return read(ps);
            }
        });
    }

    /**
     * What PATCH may change; null fields stay as they are. {@code clearEventTypes} means "every
     * type", {@code clearAudiences} "every audience", {@code clearPushAuthorization} "pushes carry
     * no Authorization header any more".
     */
    public record Change(String url, String status, List<String> eventTypes, boolean clearEventTypes,
            String description, List<String> audiences, boolean clearAudiences, String pushAuthorization,
            boolean clearPushAuthorization) {

        public Change(String url, String status, List<String> eventTypes, boolean clearEventTypes, String description) {
            this(url, status, eventTypes, clearEventTypes, description, null, false);
        }

        public Change(String url, String status, List<String> eventTypes, boolean clearEventTypes, String description,
                List<String> audiences, boolean clearAudiences) {
            this(url, status, eventTypes, clearEventTypes, description, audiences, clearAudiences, null, false);
        }

        /** Whether the push Authorization header is set or cleared by this change. */
        public boolean changesPushAuthorization() {
            return pushAuthorization != null || clearPushAuthorization;
        }
    }

    public Optional<Subscription> update(UUID id, Change change) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    UPDATE subscriptions
                       SET url = coalesce(?, url),
                           status = coalesce(?, status),
                           disabled_reason = CASE WHEN ?::text IS NULL THEN disabled_reason ELSE NULL END,
                           event_types = CASE WHEN ? THEN NULL ELSE coalesce(?, event_types) END,
                           description = coalesce(?, description),
                           audiences = CASE WHEN ? THEN NULL ELSE coalesce(?, audiences) END,
                           push_authorization = CASE WHEN ? THEN NULL ELSE coalesce(?, push_authorization) END,
                           updated_at = now()
                     WHERE id = ?
                    """)) {
                ps.setString(1, change.url());
                ps.setString(2, change.status());
                ps.setString(3, change.status());
                ps.setBoolean(4, change.clearEventTypes());
                ps.setArray(5, change.eventTypes() == null ? null
                        : c.createArrayOf("text", change.eventTypes().toArray()));
                ps.setString(6, change.description());
                ps.setBoolean(7, change.clearAudiences());
                ps.setArray(8, change.audiences() == null ? null
                        : c.createArrayOf("text", change.audiences().toArray()));
                ps.setBoolean(9, change.clearPushAuthorization());
                ps.setString(10, secrets.sealPushAuthorization(id, change.pushAuthorization()));
                ps.setObject(11, id);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Subscription>empty();
                }
            }
            return findIn(id);
        });
    }

    public boolean delete(UUID id) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM subscriptions WHERE id = ?")) {
                ps.setObject(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** A new secret; the current one becomes the previous and keeps signing until {@code previousUntil}. */
    public Optional<String> rotateSecret(UUID id, Instant previousUntil) {
        String secret = newSecret();
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    UPDATE subscriptions
                       SET previous_secret = secret, previous_secret_expires_at = ?, secret = ?, updated_at = now()
                     WHERE id = ? AND format = 'standard-webhooks'
                    """)) {
                ps.setTimestamp(1, Timestamp.from(previousUntil));
                ps.setString(2, secrets.seal(id, secret));
                ps.setObject(3, id);
                return ps.executeUpdate() == 0 ? Optional.<String>empty() : Optional.of(secret);
            }
        });
    }

    /** Marks every delivery of the subscription since a point as pending again, and creates the missing ones. */
    public int replaySince(UUID id, FeedCursor after, Instant since) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO deliveries (id, event_id, subscription_id, status, next_attempt_at, event_position)
                    SELECT gen_random_uuid(), e.id, s.id, 'pending', now(), e.position
                      FROM events e JOIN subscriptions s ON s.id = ?
                     WHERE (s.event_types IS NULL OR e.type = ANY (s.event_types))
                       AND (s.directory_ids IS NULL OR e.directory_id = ANY (s.directory_ids))
                       AND e.type <> 'tether.test'
                       AND (?::boolean OR (e.txid, e.position) > (?::text::xid8, ?))
                       AND (?::timestamptz IS NULL OR e.occurred_at >= ?::timestamptz)
                    ON CONFLICT (event_id, subscription_id) DO UPDATE
                       SET status = 'pending', attempts = 0, next_attempt_at = now(), claim_id = NULL,
                           claimed_until = NULL
                    """)) {
                ps.setObject(1, id);
                ps.setBoolean(2, after == null);
                ps.setString(3, after == null ? "0" : Long.toUnsignedString(after.txid()));
                ps.setLong(4, after == null ? 0 : after.position());
                Timestamp t = since == null ? null : Timestamp.from(since);
                ps.setTimestamp(5, t);
                ps.setTimestamp(6, t);
                return ps.executeUpdate();
            }
        });
    }

    Optional<Subscription> findIn(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM subscriptions WHERE id = ?")) {
            ps.setObject(1, id);
            List<Subscription> found = read(ps);
            return found.stream().findFirst();
        }
    }

    private static List<Subscription> read(PreparedStatement ps) throws SQLException {
        List<Subscription> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp prev = rs.getTimestamp("previous_secret_expires_at");
                out.add(new Subscription(
                        rs.getObject("id", UUID.class),
                        rs.getString("url"),
                        rs.getString("format"),
                        strings(rs.getArray("event_types")),
                        uuids(rs.getArray("directory_ids")),
                        rs.getString("description"),
                        rs.getString("audience"),
                        strings(rs.getArray("audiences")),
                        rs.getString("status"),
                        rs.getString("disabled_reason"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant(),
                        prev == null ? null : prev.toInstant(),
                        rs.getBoolean("has_push_authorization")));
            }
        }
        return out;
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? null : Jdbc.texts(a);
    }

    private static List<UUID> uuids(Array a) throws SQLException {
        return a == null ? null : Jdbc.uuids(a);
    }

    /** "whsec_" + base64 of 32 random bytes, the form Standard Webhooks libraries accept. */
    private String newSecret() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

}
