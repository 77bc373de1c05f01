package dev.tether.lineage;

import java.util.UUID;

/**
 * Fired inside the transaction after each cascade with what it did and how many SQL
 * statements it issued, counted at the JDBC connection, so that "round trips stay constant
 * whatever the fan-out" is observable rather than assumed.
 */
public record CascadeCompleted(UUID directoryId, RevocationReason reason, UUID cause, int statements,
        int delegationsRevoked, int credentialsRevoked, int agentsSuspended) {
}
