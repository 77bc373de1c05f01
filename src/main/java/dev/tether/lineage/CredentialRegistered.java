package dev.tether.lineage;

import dev.tether.audit.AuditEntry;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that recorded a credential.
 *
 * @param rootUserId the human the credential's delegation derives from
 * @param actor      who registered it; null for whoever the current request authenticated as
 */
public record CredentialRegistered(Credential credential, UUID rootUserId, UUID cause, AuditEntry.Actor actor) {
}
