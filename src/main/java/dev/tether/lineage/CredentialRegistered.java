package dev.tether.lineage;

import dev.tether.platform.Cause;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that recorded a credential.
 *
 * @param rootUserId the human the credential's delegation derives from
 * @param context    the agent, root user and chain by name; null when not read
 */
public record CredentialRegistered(Credential credential, UUID rootUserId, Cause cause, LineageContext context) {

    public CredentialRegistered(Credential credential, UUID rootUserId, Cause cause) {
        this(credential, rootUserId, cause, null);
    }
}
