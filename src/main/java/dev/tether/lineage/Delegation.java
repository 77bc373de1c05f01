package dev.tether.lineage;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A delegation row. */
public record Delegation(
        UUID id,
        UUID directoryId,
        String delegatorType,
        UUID delegatorId,
        UUID agentId,
        UUID parentDelegationId,
        UUID rootUserId,
        int depth,
        Integer maxDepth,
        List<String> scopes,
        String audience,
        OffsetDateTime expiresAt,
        List<UUID> basisGroups,
        String kind,
        String status,
        OffsetDateTime revokedAt,
        String revokeReason,
        UUID revokeCause,
        OffsetDateTime createdAt) {

    public boolean active() {
        return "active".equals(status);
    }
}
