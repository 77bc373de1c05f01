package dev.tether.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A stored action, bound to the chain as it stood at {@code occurredAt}.
 *
 * @param binding          the credential and every delegation of the chain with its state then
 *                         ({@code active}, {@code revoked}, {@code expired}, {@code not_yet_granted})
 * @param afterRevocation  the credential or a link was already revoked or expired when it happened
 * @param auditRecordId    the audit record of the action (its place in the trail before sealing)
 * @param auditPosition    its position in the directory's chain once sealed; null before
 */
public record RecordedAction(UUID id, UUID directoryId, OffsetDateTime occurredAt, OffsetDateTime recordedAt,
        String action, String outcome, String targetType, String targetId, String targetName, String decisionId,
        ObjectNode metadata, UUID agentId, UUID credentialId, UUID delegationId, UUID rootUserId, List<UUID> chain,
        ObjectNode binding, boolean afterRevocation, Long auditRecordId, Long auditPosition) {

    /** As just recorded: its audit record appended, not yet sealed, so without a position. */
    RecordedAction withAuditRecord(Long recordId) {
        return new RecordedAction(id, directoryId, occurredAt, recordedAt, action, outcome, targetType, targetId,
                targetName, decisionId, metadata, agentId, credentialId, delegationId, rootUserId, chain, binding,
                afterRevocation, recordId, null);
    }
}
