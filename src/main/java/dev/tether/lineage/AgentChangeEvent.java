package dev.tether.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Fired synchronously (CDI) inside the transaction of every SCIM write that changes an agent's
 * document or existence, so its event and audit record commit or roll back with it. Agents the
 * cascade suspends fire {@link RevocationEvent} instead. {@code before} is null on create,
 * {@code after} null on delete.
 *
 * @param changedAttributes top-level attribute names whose values differ (all of them on create)
 */
public record AgentChangeEvent(UUID directoryId, UUID agentId, Kind kind, Cause cause, ObjectNode before,
        ObjectNode after, Set<String> changedAttributes, List<String> droppedAttributes) {

    public enum Kind {
        CREATED, UPDATED, DELETED
    }
}
