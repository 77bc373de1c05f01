package dev.tether.lineage;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Fired synchronously (CDI) inside the transaction that revoked or suspended something, one
 * per fact, so the events and audit features record it atomically with the change. The chain
 * fields name what is known: root user → delegation → agent → credential.
 *
 * @param cause the id of the request or job that triggered the cascade
 */
public record RevocationEvent(
        UUID directoryId,
        Kind kind,
        UUID rootUserId,
        UUID delegationId,
        UUID agentId,
        UUID credentialId,
        RevocationReason reason,
        UUID cause,
        OffsetDateTime at) {

    public enum Kind {
        DELEGATION_REVOKED, CREDENTIAL_REVOKED, AGENT_SUSPENDED
    }
}
