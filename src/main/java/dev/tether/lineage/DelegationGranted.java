package dev.tether.lineage;

import dev.tether.audit.AuditEntry;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that granted a delegation (through the admin API,
 * or a sponsor delegation for an agent's new owner).
 *
 * @param actor who granted it; null for whoever the current request authenticated as
 */
public record DelegationGranted(Delegation delegation, UUID cause, AuditEntry.Actor actor) {
}
