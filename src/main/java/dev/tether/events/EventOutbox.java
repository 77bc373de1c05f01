package dev.tether.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.HeldWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one way facts become events. {@link #publish} must run inside the transaction of the
 * write that made the facts true: the event rows, their per-subject sequence numbers and one
 * delivery row per matching subscription commit or roll back with that write. The statement is
 * held and sent with the transaction's other held writes just before the commit. After commit
 * the delivery worker of this process is woken, and a NOTIFY sent by the statement itself wakes
 * the others.
 */
@ApplicationScoped
public class EventOutbox {

    /** The channel other replicas LISTEN on. */
    public static final String CHANNEL = "tether_deliveries";

    /*
     * All facts, their numbering and their deliveries in one statement. Each subject's counter
     * is bumped once by the number of its facts and the facts are numbered from there: a
     * 100 000-member group's exits cost one upsert of the group's counter, not 100 000 updates
     * of one row. Subjects are upserted in key order so two writers touching the same subjects
     * cannot deadlock; rows are inserted in the given order, so positions follow it.
     * Paused subscriptions get deliveries too, sent when resumed; disabled ones (410) do not.
     * A subscription with audiences gets only the events of those apps' credentials and
     * delegations: an event with no audience matches no audience filter.
     */
    private static final String APPEND = """
            WITH input AS (
                SELECT t.id::uuid, t.directory_id::uuid, t.type, t.subject_type, t.subject_id::uuid, t.txn::uuid,
                       t.occurred_at::timestamptz, t.data, t.audience, t.ord
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[])
                       WITH ORDINALITY AS t(id, directory_id, type, subject_type, subject_id, txn, occurred_at, data,
                                            audience, ord)
            ),
            counts AS (
                SELECT subject_type, subject_id, count(*) AS n FROM input GROUP BY subject_type, subject_id
            ),
            seq AS (
                INSERT INTO event_subjects AS s (subject_type, subject_id, last_sequence)
                SELECT subject_type, subject_id, n FROM counts ORDER BY subject_type, subject_id
                ON CONFLICT (subject_type, subject_id)
                    DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence
                RETURNING subject_type, subject_id, last_sequence
            ),
            inserted AS (
                INSERT INTO events (id, directory_id, type, subject_type, subject_id, sequence, txn, occurred_at, data,
                                    audience)
                SELECT i.id, i.directory_id, i.type, i.subject_type, i.subject_id,
                       s.last_sequence - c.n
                           + row_number() OVER (PARTITION BY i.subject_type, i.subject_id ORDER BY i.ord),
                       i.txn, i.occurred_at, i.data::jsonb, i.audience
                  FROM input i
                  JOIN counts c ON c.subject_type = i.subject_type AND c.subject_id = i.subject_id
                  JOIN seq s ON s.subject_type = i.subject_type AND s.subject_id = i.subject_id
                 ORDER BY i.ord
                RETURNING id, type, directory_id, audience, position
            ),
            fanned AS (
                INSERT INTO deliveries (id, event_id, subscription_id, status, next_attempt_at, event_position)
                SELECT gen_random_uuid(), e.id, s.id, 'pending', now(), e.position
                  FROM inserted e JOIN subscriptions s ON %s
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM fanned),
                   (SELECT pg_notify('%s', '') WHERE EXISTS (SELECT 1 FROM fanned))
            """;

    /**
     * Which subscriptions an event {@code e} (type, directory_id, audience) goes to. Shared with
     * the leaver drill ({@link LeaverNotices}), so its "would be told" is the fan-out's own answer.
     */
    static final String FAN_OUT_MATCH = """
            s.status IN ('active', 'paused')
                   AND (s.event_types IS NULL OR e.type = ANY (s.event_types))
                   AND (s.directory_ids IS NULL OR e.directory_id = ANY (s.directory_ids))
                   AND (s.audiences IS NULL OR e.audience = ANY (s.audiences))""";

    private static final String APPEND_AND_FAN_OUT = APPEND.formatted(FAN_OUT_MATCH, CHANNEL);

    /** The subscription test event goes to its one subscription only. */
    private static final String APPEND_FOR_ONE = APPEND.formatted("s.id = ?::uuid", CHANNEL);

    private static final Object WAKE_REGISTERED = new Object();

    private final ObjectMapper mapper;
    private final TransactionSynchronizationRegistry transactions;
    private final DeliveryWake delivery;
    private final HeldWrites held;

    public EventOutbox(ObjectMapper mapper, TransactionSynchronizationRegistry transactions, DeliveryWake delivery,
            HeldWrites held) {
        this.mapper = mapper;
        this.transactions = transactions;
        this.delivery = delivery;
        this.held = held;
    }

    /**
     * Appends the facts, in order, and fans them out to subscriptions: one statement whatever
     * the number of facts, NOTIFY included when there is something to deliver.
     *
     * @return the event ids, in the order of {@code facts}
     */
    public List<UUID> publish(List<EventFact> facts) {
        if (facts.isEmpty()) {
            return List.of();
        }
        return append(facts, APPEND_AND_FAN_OUT, null);
    }

    public UUID publish(EventFact fact) {
        return publish(List.of(fact)).get(0);
    }

    /** Appends one fact delivered to one subscription only (the subscription test event). */
    UUID publishTo(EventFact fact, UUID subscriptionId) {
        return append(List.of(fact), APPEND_FOR_ONE, subscriptionId).get(0);
    }

    private List<UUID> append(List<EventFact> facts, String sql, UUID onlySubscription) {
        requireTransaction();
        int n = facts.size();
        List<UUID> ids = new ArrayList<>(n);
        String[][] columns = new String[9][n];
        for (int k = 0; k < n; k++) {
            EventFact f = facts.get(k);
            if (!EventTypes.isKnown(f.type()) && !EventTypes.TEST.equals(f.type())) {
                throw new IllegalArgumentException("unknown event type " + f.type());
            }
            UUID id = UUID.randomUUID();
            ids.add(id);
            columns[0][k] = id.toString();
            columns[1][k] = f.directoryId() == null ? null : f.directoryId().toString();
            columns[2][k] = f.type();
            columns[3][k] = f.subjectType();
            columns[4][k] = f.subjectId().toString();
            columns[5][k] = f.txn().toString();
            columns[6][k] = f.occurredAt().toString();
            columns[7][k] = json(f);
            columns[8][k] = f.audience();
        }
        held.add(sql, (c, ps, from) -> {
            int at = from;
            for (String[] column : columns) {
                ps.setArray(at++, c.createArrayOf("text", column));
            }
            if (onlySubscription != null) {
                ps.setObject(at++, onlySubscription);
            }
            return at;
        }, rows -> {
            rows.next();
            long inserted = rows.getLong(1);
            if (inserted != n) {
                throw new SQLException("appended " + inserted + " of " + n + " events");
            }
            if (rows.getLong(2) > 0) {
                wakeAfterCommit();
            }
        });
        return ids;
    }

    private String json(EventFact f) {
        try {
            return mapper.writeValueAsString(f.data());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable", e);
        }
    }

    /** NOTIFY is delivered at commit, and not at all on rollback: exactly when there is work. */
    static void notifyOtherReplicas(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
            ps.setString(1, CHANNEL);
            ps.execute();
        }
    }

    private void requireTransaction() {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException("events are published inside the transaction of the write that caused them");
        }
    }

    /** The worker of this process is woken once per transaction, after it commits. */
    private void wakeAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) == null) {
            transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
            held.afterCommit(delivery::wake);
        }
    }
}
