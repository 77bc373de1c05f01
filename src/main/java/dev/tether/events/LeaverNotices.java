package dev.tether.events;

import dev.tether.lineage.CascadeRevocation;
import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Which subscriptions a leaver would be told to, and of what, for the leaver drill: the events a
 * deactivation would publish (the user's, and one per revocation and suspension of the
 * preview) matched by the fan-out's own condition. Reads only.
 */
@ApplicationScoped
public class LeaverNotices {

    /** One subscription that would get deliveries, and how many of each event type. */
    public record Told(UUID subscriptionId, String url, String format, String status, Map<String, Integer> eventTypes) {
    }

    private static final String MATCH = """
            WITH e AS (
                SELECT t.type, t.audience, ?::uuid AS directory_id
                  FROM unnest(?::text[], ?::text[]) AS t(type, audience)
            )
            SELECT s.id, s.url, s.format, s.status, e.type, count(*)
              FROM e JOIN subscriptions s ON %s
             GROUP BY s.id, s.url, s.format, s.status, s.created_at, e.type
             ORDER BY s.created_at, s.id, e.type
            """.formatted(EventOutbox.FAN_OUT_MATCH);

    private final DataSource dataSource;

    LeaverNotices(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Told> forLeaver(UUID directoryId, CascadeRevocation.Preview preview) {
        List<String> types = new ArrayList<>();
        List<String> audiences = new ArrayList<>();
        types.add(EventTypes.USER_DEACTIVATED);
        audiences.add(null);
        for (CascadeRevocation.Doomed d : preview.delegations()) {
            types.add(EventTypes.DELEGATION_REVOKED);
            audiences.add(d.audience());
        }
        for (CascadeRevocation.Doomed c : preview.credentials()) {
            types.add(EventTypes.CREDENTIAL_REVOKED);
            audiences.add(c.audience());
        }
        for (UUID ignored : preview.agents()) {
            types.add(EventTypes.AGENT_SUSPENDED);
            audiences.add(null);
        }
        List<Told> rows;
        try {
            rows = Jdbc.query(dataSource, MATCH, rs -> new Told(rs.getObject(1, UUID.class), rs.getString(2),
                    rs.getString(3), rs.getString(4), Map.of(rs.getString(5), rs.getInt(6))),
                    directoryId, types.toArray(new String[0]), audiences.toArray(new String[0]));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot match subscriptions", e);
        }
        // one row per subscription and type from SQL; one entry per subscription out
        Map<UUID, Told> told = new LinkedHashMap<>();
        for (Told row : rows) {
            told.computeIfAbsent(row.subscriptionId(), k -> new Told(row.subscriptionId(), row.url(), row.format(),
                    row.status(), new LinkedHashMap<>())).eventTypes().putAll(row.eventTypes());
        }
        return List.copyOf(told.values());
    }
}
