package dev.tether.lineage;

import dev.tether.platform.Cause;

/**
 * Fired synchronously inside the transaction that granted a delegation (through the admin API,
 * or a sponsor delegation for an agent's new owner).
 */
public record DelegationGranted(Delegation delegation, Cause cause) {
}
