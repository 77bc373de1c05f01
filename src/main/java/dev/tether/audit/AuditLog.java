package dev.tether.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.directory.AuthenticatedScimToken;
import dev.tether.security.ScimCaller;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Appends records to the trail. Call it inside the transaction of the change: the record
 * commits or rolls back with it. Appending is one INSERT and never waits for the sealer.
 */
@ApplicationScoped
public class AuditLog {

    // One statement for any number of records; ORDER BY ord keeps ids (the sealer's order) in
    // the entries' order. The request's own columns are the same for every row.
    private static final String INSERT = """
            INSERT INTO audit_records (directory_id, actor_type, actor_id, action, target_type, target_id, cause,
                                       request_id, request_method, request_path, lifecycle, before_digest,
                                       after_digest, details)
            SELECT dir, actor_type, actor_id, action, target_type, target_id, cause, ?, ?, ?, lifecycle,
                   before_digest, after_digest, details::jsonb
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[],
                          ?::text[], ?::text[], ?::text[])
                   WITH ORDINALITY AS u(dir, actor_type, actor_id, action, target_type, target_id, cause, lifecycle,
                                        before_digest, after_digest, details, ord)
             ORDER BY ord
            """;

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public AuditLog(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public void append(AuditEntry entry) {
        appendAll(List.of(entry));
    }

    /** Appends several records with one statement (a cascade's revocations, say). */
    public void appendAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Optional<RoutingContext> request = currentRequest();
        AuditEntry.Actor requestActor = request.flatMap(ScimCaller::authenticated).map(AuthenticatedScimToken::tokenId)
                .map(AuditEntry.Actor::scimToken).orElse(AuditEntry.Actor.SYSTEM);
        String requestId = request.map(AuditRequestIds::of).orElse(null);
        String method = request.map(r -> r.request().method().name()).orElse(null);
        String path = request.map(r -> r.request().path()).orElse(null);
        int n = entries.size();
        UUID[] directories = new java.util.UUID[n];
        String[] actorTypes = new String[n];
        String[] actorIds = new String[n];
        String[] actions = new String[n];
        String[] targetTypes = new String[n];
        String[] targetIds = new String[n];
        UUID[] causes = new java.util.UUID[n];
        String[] lifecycles = new String[n];
        String[] beforeDigests = new String[n];
        String[] afterDigests = new String[n];
        String[] details = new String[n];
        try {
            for (int i = 0; i < n; i++) {
                AuditEntry entry = entries.get(i);
                AuditEntry.Actor actor = entry.actor != null ? entry.actor : requestActor;
                directories[i] = entry.directoryId;
                actorTypes[i] = actor.type();
                actorIds[i] = actor.id();
                actions[i] = entry.action;
                targetTypes[i] = entry.targetType;
                targetIds[i] = entry.targetId;
                causes[i] = entry.cause;
                lifecycles[i] = entry.lifecycle;
                beforeDigests[i] = entry.before == null ? null : CanonicalJson.sha256Hex(entry.before);
                afterDigests[i] = entry.after == null ? null : CanonicalJson.sha256Hex(entry.after);
                details[i] = mapper.writeValueAsString(entry.details);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are not JSON", e);
        }
        // Within a JTA transaction the pool hands out the transaction's own connection.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, requestId);
            ps.setString(2, method);
            ps.setString(3, path);
            ps.setArray(4, c.createArrayOf("uuid", directories));
            ps.setArray(5, c.createArrayOf("text", actorTypes));
            ps.setArray(6, c.createArrayOf("text", actorIds));
            ps.setArray(7, c.createArrayOf("text", actions));
            ps.setArray(8, c.createArrayOf("text", targetTypes));
            ps.setArray(9, c.createArrayOf("text", targetIds));
            ps.setArray(10, c.createArrayOf("uuid", causes));
            ps.setArray(11, c.createArrayOf("text", lifecycles));
            ps.setArray(12, c.createArrayOf("text", beforeDigests));
            ps.setArray(13, c.createArrayOf("text", afterDigests));
            ps.setArray(14, c.createArrayOf("text", details));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append audit records, first " + entries.get(0).action, e);
        }
    }

    /**
     * For changes made through Hibernate in the same transaction: flushes them first, so the
     * record's foreign key sees a directory created a moment ago.
     */
    public void appendAfterOrmWrites(AuditEntry entry) {
        io.quarkus.hibernate.orm.panache.Panache.flush();
        append(entry);
    }

    /** The HTTP request this thread serves, if any (none for scheduled jobs and startup). */
    static Optional<RoutingContext> currentRequest() {
        if (Arc.container() == null || !Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
        return Optional.ofNullable(current == null ? null : current.getCurrent());
    }
}
