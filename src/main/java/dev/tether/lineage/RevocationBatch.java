package dev.tether.lineage;

import dev.tether.platform.Cause;
import java.util.List;

/**
 * Everything one revocation revoked and suspended, fired synchronously (CDI) inside its
 * transaction as one fact, so the outbox and the audit trail record a cascade of thousands with
 * one statement each, and commit or roll back with it.
 */
public record RevocationBatch(Cause cause, List<RevocationEvent> revocations) {

    public RevocationBatch {
        revocations = List.copyOf(revocations);
    }
}
