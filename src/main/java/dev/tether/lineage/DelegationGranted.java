package dev.tether.lineage;

import dev.tether.platform.Cause;

/**
 * Fired synchronously inside the transaction that granted a delegation (through the admin API,
 * or a sponsor delegation for an agent's new owner).
 */
public record DelegationGranted(Delegation delegation, Cause cause, LineageContext context) {

    /** @param context the agent, root user and chain by name; null when not read */
    public DelegationGranted(Delegation delegation, Cause cause) {
        this(delegation, cause, null);
    }
}
