package dev.tether.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.ResourceRows;
import dev.tether.platform.Jdbc;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** The agents table. Indexed columns are derived from the document on every write, as for users. */
@Singleton
public class AgentRows extends ResourceRows {

    public static final String ALIAS = "a";

    public AgentRows(DataSource dataSource, ObjectMapper mapper) {
        super(dataSource, mapper, "agents", ALIAS);
    }

    @Override
    protected List<String> derivedColumns() {
        return List.of("name", "external_id", "display_name", "active");
    }

    @Override
    protected List<String> derivedPlaceholders() {
        return List.of("?", "?", "?", "?");
    }

    @Override
    protected List<Object> derivedValues(Connection c, ObjectNode doc) {
        JsonNode active = doc.get("active");
        return Arrays.asList(text(doc, "name"), text(doc, "externalId"), text(doc, "displayName"),
                active != null && active.isBoolean() ? active.booleanValue() : null);
    }

    private static String text(ObjectNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The agents of a directory that list {@code userId} among their owners, oldest first. */
    List<UUID> ownedBy(UUID directoryId, UUID userId) throws SQLException {
        String sql = """
                SELECT a.id FROM agents a
                WHERE a.directory_id = ? AND jsonb_typeof(a.doc->'owners') = 'array'
                  AND EXISTS (SELECT 1 FROM jsonb_array_elements(a.doc->'owners') o WHERE lower(o->>'value') = ?)
                ORDER BY a.created_at, a.id""";
        List<UUID> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setString(2, userId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /** The name to show for each of these users that still exists: displayName, else userName. */
    Map<UUID, String> userDisplays(UUID directoryId, Collection<UUID> userIds) throws SQLException {
        Map<UUID, String> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT id, COALESCE(display_name, user_name) FROM users WHERE directory_id = ? AND id = ANY(?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(c, ps, directoryId, userIds.toArray(new UUID[0]));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** True unless the document says active false: an agent without the attribute may act. */
    static boolean isActive(ObjectNode doc) {
        JsonNode active = doc.get("active");
        return active == null || !active.isBoolean() || active.booleanValue();
    }
}
