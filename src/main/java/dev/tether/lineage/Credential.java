package dev.tether.lineage;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A credential row: the handle of a secret kept elsewhere, bound to the delegation it was issued under. */
public record Credential(
        UUID id,
        UUID directoryId,
        UUID agentId,
        UUID delegationId,
        String kind,
        String externalId,
        String audience,
        String fingerprint,
        OffsetDateTime expiresAt,
        String status,
        OffsetDateTime revokedAt,
        String revokeReason,
        UUID revokeCause,
        OffsetDateTime createdAt) {

    public boolean active() {
        return "active".equals(status);
    }

    /** This credential as it stood at {@code at}: empty when not issued yet; a later revocation is not shown. */
    public java.util.Optional<Credential> asOf(OffsetDateTime at) {
        if (createdAt.isAfter(at)) {
            return java.util.Optional.empty();
        }
        if (revokedAt == null || !revokedAt.isAfter(at)) {
            return java.util.Optional.of(this);
        }
        return java.util.Optional.of(new Credential(id, directoryId, agentId, delegationId, kind, externalId, audience,
                fingerprint, expiresAt, "active", null, null, null, createdAt));
    }
}
