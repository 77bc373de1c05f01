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
}
