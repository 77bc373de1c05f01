package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads a directory's events in a stable order that only grows at the end.
 *
 * <p>A bigserial alone is not such an order: a transaction can take position 5, another take 6
 * and commit first, and a reader that moved its cursor to 6 would never see 5. So rows are
 * ordered by (txid, position) and a reader sees only rows whose transaction id is below
 * {@code pg_snapshot_xmin(pg_current_snapshot())}, the oldest transaction still running: every
 * transaction below it has finished, and every one that can still commit has a larger txid,
 * so it sorts after everything already returned.
 */
@ApplicationScoped
public class EventFeed {

    static final String EVENT_COLUMNS = """
            e.id, e.type, e.directory_id, e.subject_type, e.subject_id, e.sequence, e.txn, e.occurred_at,
            e.data::text AS data, e.txid::text AS txid, e.position""";

    private final DataSource dataSource;
    private final Transactions transactions;
    private final ObjectMapper mapper;

    public EventFeed(DataSource dataSource, Transactions transactions, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    /** Up to {@code limit} events after the cursor (all from the start when null), only of {@code types} when given. */
    public List<StoredEvent> read(UUID directoryId, FeedCursor after, List<String> types, int limit) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT " + EVENT_COLUMNS + """
                     FROM events e
                    WHERE e.directory_id = ?
                      AND (e.txid, e.position) > (?::text::xid8, ?)
                      AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
                      AND (?::text[] IS NULL OR e.type = ANY (?::text[]))
                    ORDER BY e.txid, e.position
                    LIMIT ?
                    """)) {
                ps.setObject(1, directoryId);
                ps.setString(2, after == null ? "0" : Long.toUnsignedString(after.txid()));
                ps.setLong(3, after == null ? -1 : after.position());
                java.sql.Array typeArray = types == null || types.isEmpty() ? null
                        : c.createArrayOf("text", types.toArray());
                ps.setArray(4, typeArray);
                ps.setArray(5, typeArray);
                ps.setInt(6, limit);
                List<StoredEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs, mapper));
                    }
                }
                return out;
            }
        });
    }

    static StoredEvent read(ResultSet rs, ObjectMapper mapper) throws SQLException {
        ObjectNode data;
        try {
            data = (ObjectNode) mapper.readTree(rs.getString("data"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored event data is not JSON", e);
        }
        return new StoredEvent(
                rs.getObject("id", UUID.class),
                rs.getString("type"),
                rs.getObject("directory_id", UUID.class),
                rs.getString("subject_type"),
                rs.getObject("subject_id", UUID.class),
                rs.getLong("sequence"),
                rs.getObject("txn", UUID.class),
                rs.getTimestamp("occurred_at").toInstant(),
                data,
                new FeedCursor(Long.parseUnsignedLong(rs.getString("txid")), rs.getLong("position")));
    }
}
