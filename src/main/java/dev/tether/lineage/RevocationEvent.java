package dev.tether.lineage;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One thing revoked or suspended. Published in a {@link RevocationBatch}, inside the transaction
 * that made it true. The chain fields name what is known: root user → delegation → agent →
 * credential. {@code terms} and {@code context} describe the subject by its own handle and names
 * (null where the statement that made the fact did not read them).
 */
public record RevocationEvent(
        UUID directoryId,
        Kind kind,
        UUID rootUserId,
        UUID delegationId,
        UUID agentId,
        UUID credentialId,
        RevocationReason reason,
        OffsetDateTime at,
        Terms terms,
        LineageContext context) {

    /** A fact known by ids only. */
    public RevocationEvent(UUID directoryId, Kind kind, UUID rootUserId, UUID delegationId, UUID agentId,
            UUID credentialId, RevocationReason reason, OffsetDateTime at) {
        this(directoryId, kind, rootUserId, delegationId, agentId, credentialId, reason, at, null, null);
    }

    /**
     * What the revoked thing was: a credential's handle ({@code credentialKind}, {@code externalId},
     * {@code audience}, {@code fingerprint}, {@code expiresAt}) or a delegation's terms ({@code scopes},
     * {@code audience}, {@code expiresAt}, and who granted it: {@code delegatorType} "User" or
     * "Agent" and {@code delegatorId}); absent values are null.
     */
    public record Terms(String credentialKind, String externalId, String audience, String fingerprint,
            List<String> scopes, OffsetDateTime expiresAt, String delegatorType, UUID delegatorId) {
    }

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
