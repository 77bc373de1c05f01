package dev.tether.lineage;

import dev.tether.platform.Cause;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that recorded a credential.
 *
 * @param rootUserId the human the credential's delegation derives from
 */
public record CredentialRegistered(Credential credential, UUID rootUserId, Cause cause) {
}
