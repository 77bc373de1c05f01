package dev.tether.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.Cause;
import dev.tether.platform.HeldWrites;
import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Appends records to the trail. Call it inside the transaction of the change: the record
 * commits or rolls back with it. Appending is one INSERT and never waits for the sealer; it is
 * held and sent with the transaction's other held writes, in one round trip before the commit.
 */
@ApplicationScoped
public class AuditLog {

    // One statement for any number of records; ORDER BY ord keeps ids (the sealer's order) in
    // the entries' order.
    private static final String INSERT = """
            INSERT INTO audit_records (directory_id, actor_type, actor_id, action, target_type, target_id, cause,
                                       request_id, request_method, request_path, lifecycle, before_digest,
                                       after_digest, details)
            SELECT dir, actor_type, actor_id, action, target_type, target_id, cause, request_id, request_method,
                   request_path, lifecycle, before_digest, after_digest, details::jsonb
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   WITH ORDINALITY AS u(dir, actor_type, actor_id, action, target_type, target_id, cause, request_id,
                                        request_method, request_path, lifecycle, before_digest, after_digest, details,
                                        ord)
             ORDER BY ord
            """;

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final HeldWrites held;

    public AuditLog(DataSource dataSource, ObjectMapper mapper, HeldWrites held) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.held = held;
    }

    public void append(AuditEntry entry) {
        appendAll(List.of(entry));
    }

    /** Appends several records with one statement (a cascade's revocations, say). */
    public void appendAll(List<AuditEntry> entries) {
        insert(entries, false);
    }

    /**
     * Appends several records with one statement and answers their ids in the entries' order, for a
     * writer whose answer names the records without reading them back.
     */
    public List<Long> appendAllReturningIds(List<AuditEntry> entries) {
        return insert(entries, true);
    }

    private List<Long> insert(List<AuditEntry> entries, boolean returnIds) {
        if (entries.isEmpty()) {
            return List.of();
        }
        int n = entries.size();
        UUID[] directories = new UUID[n];
        String[] actorTypes = new String[n];
        String[] actorIds = new String[n];
        String[] actions = new String[n];
        String[] targetTypes = new String[n];
        String[] targetIds = new String[n];
        UUID[] causes = new UUID[n];
        String[] requestIds = new String[n];
        String[] methods = new String[n];
        String[] paths = new String[n];
        String[] lifecycles = new String[n];
        String[] beforeDigests = new String[n];
        String[] afterDigests = new String[n];
        String[] details = new String[n];
        try {
            for (int i = 0; i < n; i++) {
                AuditEntry entry = entries.get(i);
                Cause cause = Objects.requireNonNull(entry.cause, "an audit record needs its cause");
                Cause.Actor actor = entry.actor != null ? entry.actor : cause.actor();
                directories[i] = entry.directoryId;
                actorTypes[i] = actor.type();
                actorIds[i] = actor.id();
                actions[i] = entry.action;
                targetTypes[i] = entry.targetType;
                targetIds[i] = entry.targetId;
                causes[i] = cause.txn();
                requestIds[i] = cause.requestId();
                methods[i] = cause.method();
                paths[i] = cause.path();
                lifecycles[i] = entry.lifecycle;
                beforeDigests[i] = entry.before == null ? null : CanonicalJson.sha256Hex(entry.before);
                afterDigests[i] = entry.after == null ? null : CanonicalJson.sha256Hex(entry.after);
                details[i] = mapper.writeValueAsString(entry.details);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are not JSON", e);
        }
        List<Object> columns = List.of(directories, actorTypes, actorIds, actions, targetTypes, targetIds, causes,
                requestIds, methods, paths, lifecycles, beforeDigests, afterDigests, details);
        if (!returnIds) {
            held.add(INSERT, (c, ps, from) -> Jdbc.bind(c, ps, from, columns), null);
            return List.of();
        }
        held.send(); // records held before these come first in the chain, as they came first here
        // Within a JTA transaction the pool hands out the transaction's own connection.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT + " RETURNING id")) {
            Jdbc.bind(c, ps, 1, columns);
            List<Long> ids = new ArrayList<>(n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            // ids are drawn in ord order (see INSERT), so ascending ids are the entries' order
            Collections.sort(ids);
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append audit records, first " + entries.get(0).action, e);
        }
    }
}
