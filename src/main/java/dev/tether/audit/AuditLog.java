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
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Appends records to the trail. Call it inside the transaction of the change: the record
 * commits or rolls back with it. Appending is one INSERT and never waits for the sealer.
 */
@ApplicationScoped
public class AuditLog {

    private static final String INSERT = "INSERT INTO audit_records (directory_id, actor_type, actor_id, action,"
            + " target_type, target_id, cause, request_id, request_method, request_path, lifecycle,"
            + " before_digest, after_digest, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public AuditLog(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public void append(AuditEntry entry) {
        appendAll(List.of(entry));
    }

    /** Appends several records with one batched statement (a cascade's revocations, say). */
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
        // Within a JTA transaction the pool hands out the transaction's own connection.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (AuditEntry entry : entries) {
                AuditEntry.Actor actor = entry.actor != null ? entry.actor : requestActor;
                ps.setObject(1, entry.directoryId);
                ps.setString(2, actor.type());
                ps.setString(3, actor.id());
                ps.setString(4, entry.action);
                ps.setString(5, entry.targetType);
                ps.setString(6, entry.targetId);
                ps.setObject(7, entry.cause);
                ps.setString(8, requestId);
                ps.setString(9, method);
                ps.setString(10, path);
                ps.setString(11, entry.lifecycle);
                ps.setString(12, entry.before == null ? null : CanonicalJson.sha256Hex(entry.before));
                ps.setString(13, entry.after == null ? null : CanonicalJson.sha256Hex(entry.after));
                ps.setObject(14, mapper.writeValueAsString(entry.details), Types.OTHER);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append audit records, first " + entries.get(0).action, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are not JSON", e);
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
