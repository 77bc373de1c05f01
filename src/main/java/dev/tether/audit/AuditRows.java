package dev.tether.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Reads audit rows into the JSON object the chain hashes. Its shape is the export format's
 * "record" and is documented in docs/audit.md; changing it changes every hash.
 */
final class AuditRows {

    static final String COLUMNS = "id, directory_id, created_at, actor_type, actor_id, action, target_type, target_id,"
            + " cause, request_id, request_method, request_path, lifecycle, before_digest, after_digest, details::text,"
            + " position, prev_hash, hash";

    /** Microseconds, UTC, always six digits: PostgreSQL's precision, one spelling per instant. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private AuditRows() {
    }

    /** A row read with {@link #COLUMNS}, as it is hashed once it sits at {@code position}. */
    static ObjectNode record(ResultSet rs, Long position, ObjectMapper mapper) throws SQLException {
        ObjectNode r = mapper.createObjectNode();
        r.put("id", rs.getLong("id"));
        r.put("directory", rs.getObject("directory_id", UUID.class).toString());
        if (position == null) {
            r.putNull("position");
        } else {
            r.put("position", position);
        }
        r.put("time", TIME.format(rs.getObject("created_at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)));
        ObjectNode actor = r.putObject("actor");
        actor.put("type", rs.getString("actor_type"));
        actor.put("id", rs.getString("actor_id"));
        r.put("action", rs.getString("action"));
        if (rs.getString("target_type") == null && rs.getString("target_id") == null) {
            r.putNull("target");
        } else {
            r.putObject("target").put("type", rs.getString("target_type")).put("id", rs.getString("target_id"));
        }
        UUID cause = rs.getObject("cause", UUID.class);
        r.put("cause", cause == null ? null : cause.toString());
        if (rs.getString("request_id") == null && rs.getString("request_method") == null) {
            r.putNull("request");
        } else {
            r.putObject("request")
                    .put("id", rs.getString("request_id"))
                    .put("method", rs.getString("request_method"))
                    .put("path", rs.getString("request_path"));
        }
        r.put("lifecycle", rs.getString("lifecycle"));
        r.put("beforeDigest", rs.getString("before_digest"));
        r.put("afterDigest", rs.getString("after_digest"));
        try {
            r.set("details", mapper.readTree(rs.getString("details")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit details are not JSON", e);
        }
        return r;
    }

    /** The export/API line of a row: chain fields around the hashed record. */
    static ObjectNode line(ResultSet rs, ObjectMapper mapper) throws SQLException {
        long position = rs.getLong("position");
        Long pos = rs.wasNull() ? null : position;
        ObjectNode line = mapper.createObjectNode();
        line.put("type", "record");
        if (pos == null) {
            line.putNull("position");
        } else {
            line.put("position", pos);
        }
        line.put("prevHash", rs.getString("prev_hash"));
        line.put("hash", rs.getString("hash"));
        line.set("record", record(rs, pos, mapper));
        return line;
    }
}
