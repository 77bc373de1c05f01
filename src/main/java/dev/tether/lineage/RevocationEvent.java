package dev.tether.lineage;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One thing revoked or suspended. Published in a {@link RevocationBatch}, inside the transaction
 * that made it true. The chain fields name what is known: root user → delegation → agent →
 * credential.
 */
public record RevocationEvent(
        UUID directoryId,
        Kind kind,
        UUID rootUserId,
        UUID delegationId,
        UUID agentId,
        UUID credentialId,
        RevocationReason reason,
        OffsetDateTime at) {

    public enum Kind {
        DELEGATION_REVOKED, CREDENTIAL_REVOKED, AGENT_SUSPENDED
    }

    /** What was revoked or suspended: "Delegation", "Credential" or "Agent". */
    public String subjectType() {
        return switch (kind) {
            case DELEGATION_REVOKED -> "Delegation";
            case CREDENTIAL_REVOKED -> "Credential";
            case AGENT_SUSPENDED -> "Agent";
        };
    }

    public UUID subjectId() {
        return switch (kind) {
            case DELEGATION_REVOKED -> delegationId;
            case CREDENTIAL_REVOKED -> credentialId;
            case AGENT_SUSPENDED -> agentId;
        };
    }
}
