package dev.tether.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired synchronously inside the sealer's transaction each time a checkpoint is signed and
 * stored. The hook for publishing it as an {@code audit.checkpoint} event: an observer that
 * writes an outbox row commits with the checkpoint, or neither happens.
 */
public record AuditCheckpointSigned(UUID directoryId, long chainLength, String headHash, Instant signedAt,
        String jws) {
}
