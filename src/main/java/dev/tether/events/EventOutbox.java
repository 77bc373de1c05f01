package dev.tether.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The one way facts become events. {@link #publish} must run inside the transaction of the
 * write that made the facts true: the event rows, their per-subject sequence numbers and one
 * delivery row per matching subscription commit or roll back with that write. After commit the
 * dispatcher of this process is woken, and a NOTIFY wakes the others.
 */
@ApplicationScoped
public class EventOutbox {

    /** The channel other replicas LISTEN on. */
    public static final String CHANNEL = "tether_deliveries";

    // Claims n sequence numbers per subject in one statement. Subjects arrive sorted, so two
    // writers upserting overlapping subjects lock them in the same order and cannot deadlock.
    private static final String CLAIM_SEQUENCES = """
            INSERT INTO event_subjects (subject_type, subject_id, last_sequence)
            SELECT t, i, n FROM unnest(?::text[], ?::uuid[], ?::bigint[]) WITH ORDINALITY AS u(t, i, n, ord)
             ORDER BY ord
            ON CONFLICT (subject_type, subject_id)
                DO UPDATE SET last_sequence = event_subjects.last_sequence + excluded.last_sequence
            RETURNING subject_type, subject_id, last_sequence
            """;

    // One statement for any number of events; ORDER BY ord keeps positions in the facts' order.
    private static final String INSERT_EVENTS = """
            INSERT INTO events (id, directory_id, type, subject_type, subject_id, sequence, txn, occurred_at, data)
            SELECT id, dir, type, st, sid, seq, txn, at, data::jsonb
              FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::bigint[], ?::uuid[],
                          ?::timestamptz[], ?::text[]) WITH ORDINALITY AS u(id, dir, type, st, sid, seq, txn, at, data, ord)
             ORDER BY ord
            """;

    // Paused subscriptions get deliveries too, sent when resumed; disabled ones (410) do not.
    private static final String FAN_OUT = """
            INSERT INTO deliveries (id, event_id, subscription_id, status, next_attempt_at)
            SELECT gen_random_uuid(), e.id, s.id, 'pending', now()
              FROM events e
              JOIN subscriptions s
                ON s.status IN ('active', 'paused')
               AND (s.event_types IS NULL OR e.type = ANY (s.event_types))
               AND (s.directory_ids IS NULL OR e.directory_id = ANY (s.directory_ids))
             WHERE e.id = ANY (?)
            """;

    private static final Object WAKE_REGISTERED = new Object();

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final TransactionSynchronizationRegistry transactions;
    private final DeliveryDispatcher dispatcher;

    public EventOutbox(DataSource dataSource, ObjectMapper mapper, TransactionSynchronizationRegistry transactions,
            DeliveryDispatcher dispatcher) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.transactions = transactions;
        this.dispatcher = dispatcher;
    }

    /**
     * Appends the facts, in order, and fans them out to subscriptions. Set-based whatever the
     * number of facts: a sequence claim, one insert and one fan-out statement.
     *
     * @return the event ids, in the order of {@code facts}
     */
    public List<UUID> publish(List<EventFact> facts) {
        if (facts.isEmpty()) {
            return List.of();
        }
        requireTransaction();
        List<UUID> ids = new ArrayList<>(facts.size());
        try (Connection c = dataSource.getConnection()) {
            insert(c, facts, ids);
            try (PreparedStatement ps = c.prepareStatement(FAN_OUT)) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                ps.executeUpdate();
            }
            notifyOtherReplicas(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append events to the outbox", e);
        }
        wakeAfterCommit();
        return ids;
    }

    public UUID publish(EventFact fact) {
        return publish(List.of(fact)).get(0);
    }

    /** Appends one fact delivered to one subscription only (the subscription test event). */
    UUID publishTo(EventFact fact, UUID subscriptionId) {
        requireTransaction();
        List<UUID> ids = new ArrayList<>(1);
        try (Connection c = dataSource.getConnection()) {
            insert(c, List.of(fact), ids);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO deliveries (id, event_id, subscription_id, status, next_attempt_at)
                    VALUES (gen_random_uuid(), ?, ?, 'pending', now())
                    """)) {
                ps.setObject(1, ids.get(0));
                ps.setObject(2, subscriptionId);
                ps.executeUpdate();
            }
            notifyOtherReplicas(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append the test event", e);
        }
        wakeAfterCommit();
        return ids.get(0);
    }

    /**
     * Three round trips whatever the number of facts: validate, claim each subject's sequence
     * numbers, insert every event from arrays. A 10 000-credential leaver's events are one
     * INSERT, not 10 000.
     */
    private void insert(Connection c, List<EventFact> facts, List<UUID> ids) throws SQLException {
        for (EventFact f : facts) {
            if (!EventTypes.isKnown(f.type()) && !EventTypes.TEST.equals(f.type())) {
                throw new IllegalArgumentException("unknown event type " + f.type());
            }
        }
        Map<SubjectKey, long[]> nextSequence = claimSequences(c, facts);
        int n = facts.size();
        UUID[] eventIds = new UUID[n];
        UUID[] directories = new UUID[n];
        String[] types = new String[n];
        String[] subjectTypes = new String[n];
        UUID[] subjectIds = new UUID[n];
        Long[] sequences = new Long[n];
        UUID[] txns = new UUID[n];
        Timestamp[] occurred = new Timestamp[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            EventFact f = facts.get(i);
            eventIds[i] = UUID.randomUUID();
            ids.add(eventIds[i]);
            directories[i] = f.directoryId();
            types[i] = f.type();
            subjectTypes[i] = f.subjectType();
            subjectIds[i] = f.subjectId();
            sequences[i] = nextSequence.get(new SubjectKey(f.subjectType(), f.subjectId()))[0]++;
            txns[i] = f.txn();
            occurred[i] = Timestamp.from(f.occurredAt());
            data[i] = json(f);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENTS)) {
            ps.setArray(1, c.createArrayOf("uuid", eventIds));
            ps.setArray(2, c.createArrayOf("uuid", directories));
            ps.setArray(3, c.createArrayOf("text", types));
            ps.setArray(4, c.createArrayOf("text", subjectTypes));
            ps.setArray(5, c.createArrayOf("uuid", subjectIds));
            ps.setArray(6, c.createArrayOf("bigint", sequences));
            ps.setArray(7, c.createArrayOf("uuid", txns));
            ps.setArray(8, c.createArrayOf("timestamptz", occurred));
            ps.setArray(9, c.createArrayOf("text", data));
            ps.executeUpdate();
        }
    }

    private record SubjectKey(String type, UUID id) implements Comparable<SubjectKey> {
        @Override
        public int compareTo(SubjectKey o) {
            int byType = type.compareTo(o.type);
            return byType != 0 ? byType : id.compareTo(o.id);
        }
    }

    /** For each subject, the first sequence number its events in this batch get (incremented as used). */
    private static Map<SubjectKey, long[]> claimSequences(Connection c, List<EventFact> facts) throws SQLException {
        TreeMap<SubjectKey, long[]> counts = new TreeMap<>();
        for (EventFact f : facts) {
            counts.computeIfAbsent(new SubjectKey(f.subjectType(), f.subjectId()), k -> new long[1])[0]++;
        }
        String[] types = new String[counts.size()];
        UUID[] subjectIds = new UUID[counts.size()];
        Long[] wanted = new Long[counts.size()];
        int i = 0;
        for (Map.Entry<SubjectKey, long[]> e : counts.entrySet()) {
            types[i] = e.getKey().type();
            subjectIds[i] = e.getKey().id();
            wanted[i++] = e.getValue()[0];
        }
        Map<SubjectKey, long[]> first = new HashMap<>(counts.size() * 2);
        try (PreparedStatement ps = c.prepareStatement(CLAIM_SEQUENCES)) {
            ps.setArray(1, c.createArrayOf("text", types));
            ps.setArray(2, c.createArrayOf("uuid", subjectIds));
            ps.setArray(3, c.createArrayOf("bigint", wanted));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SubjectKey key = new SubjectKey(rs.getString(1), rs.getObject(2, UUID.class));
                    long last = rs.getLong(3);
                    first.put(key, new long[] {last - counts.get(key)[0] + 1});
                }
            }
        }
        return first;
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

    private void wakeAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    dispatcher.wake();
                }
            }
        });
    }
}
