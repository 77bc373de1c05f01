package dev.tether.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
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

    private static final String INSERT_EVENT = """
            WITH seq AS (
                INSERT INTO event_subjects (subject_type, subject_id, last_sequence) VALUES (?, ?, 1)
                ON CONFLICT (subject_type, subject_id)
                    DO UPDATE SET last_sequence = event_subjects.last_sequence + 1
                RETURNING last_sequence)
            INSERT INTO events (id, directory_id, type, subject_type, subject_id, sequence, txn, occurred_at, data)
            SELECT ?, ?, ?, ?, ?, seq.last_sequence, ?, ?, ? FROM seq
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
     * number of facts: one batched insert and one fan-out statement.
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

    private void insert(Connection c, List<EventFact> facts, List<UUID> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            for (EventFact f : facts) {
                if (!EventTypes.isKnown(f.type()) && !EventTypes.TEST.equals(f.type())) {
                    throw new IllegalArgumentException("unknown event type " + f.type());
                }
                UUID id = UUID.randomUUID();
                ids.add(id);
                ps.setString(1, f.subjectType());
                ps.setObject(2, f.subjectId());
                ps.setObject(3, id);
                if (f.directoryId() == null) {
                    ps.setNull(4, Types.OTHER);
                } else {
                    ps.setObject(4, f.directoryId());
                }
                ps.setString(5, f.type());
                ps.setString(6, f.subjectType());
                ps.setObject(7, f.subjectId());
                ps.setObject(8, f.txn());
                ps.setTimestamp(9, Timestamp.from(f.occurredAt()));
                ps.setObject(10, json(f), Types.OTHER);
                ps.addBatch();
            }
            ps.executeBatch();
        }
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
