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
        OffsetDateTime createdAt,
        OffsetDateTime reviewBy,
        OffsetDateTime reviewedAt,
        int version) {

    /** A delegation with no review scheduled, as first granted. */
    public Delegation(UUID id, UUID directoryId, String delegatorType, UUID delegatorId, UUID agentId,
            UUID parentDelegationId, UUID rootUserId, int depth, Integer maxDepth, List<String> scopes, String audience,
            OffsetDateTime expiresAt, List<UUID> basisGroups, String kind, String status, OffsetDateTime revokedAt,
            String revokeReason, UUID revokeCause, OffsetDateTime createdAt) {
        this(id, directoryId, delegatorType, delegatorId, agentId, parentDelegationId, rootUserId, depth, maxDepth, scopes,
                audience, expiresAt, basisGroups, kind, status, revokedAt, revokeReason, revokeCause, createdAt, null, null, 1);
    }

    public boolean active() {
        return "active".equals(status);
    }

    /**
     * This delegation as it stood at {@code at}: empty when it was not granted yet; a revocation
     * that came later is not shown.
     */
    public java.util.Optional<Delegation> asOf(OffsetDateTime at) {
        if (createdAt.isAfter(at)) {
            return java.util.Optional.empty();
        }
        if (revokedAt == null || !revokedAt.isAfter(at)) {
            return java.util.Optional.of(this);
        }
        return java.util.Optional.of(new Delegation(id, directoryId, delegatorType, delegatorId, agentId, parentDelegationId,
                rootUserId, depth, maxDepth, scopes, audience, expiresAt, basisGroups, kind, "active", null, null, null,
                createdAt, reviewBy, reviewedAt, version));
    }
}
