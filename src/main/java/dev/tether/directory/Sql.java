package dev.tether.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Small JDBC conveniences shared by the stores: binding, jsonb, row mapping. */
final class Sql {

    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    static void bind(PreparedStatement ps, int from, List<Object> params) throws SQLException {
        int i = from;
        for (Object p : params) {
            if (p == null) {
                ps.setNull(i++, Types.NULL);
            } else if (p instanceof OffsetDateTime t) {
                ps.setObject(i++, t);
            } else {
                ps.setObject(i++, p);
            }
        }
    }

    static void setJson(PreparedStatement ps, int index, ObjectMapper mapper, ObjectNode doc) throws SQLException {
        try {
            ps.setObject(index, mapper.writeValueAsString(doc), Types.OTHER);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise document", e);
        }
    }

    static ObjectNode readJson(ObjectMapper mapper, String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored document is not JSON", e);
        }
    }

    /** Maps columns id, doc, version, created_at, last_modified. */
    static StoredResource resource(ResultSet rs, ObjectMapper mapper) throws SQLException {
        return new StoredResource(
                rs.getObject("id", UUID.class),
                readJson(mapper, rs.getString("doc")),
                rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("last_modified", OffsetDateTime.class));
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }
}
