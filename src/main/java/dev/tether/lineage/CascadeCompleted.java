package dev.tether.lineage;

import dev.tether.platform.Cause;
import java.time.Duration;
import java.util.UUID;

/**
 * Fired inside the transaction after each cascade with what it did and how many SQL
 * statements it issued, counted at the JDBC connection, so that "round trips stay constant
 * whatever the fan-out" is observable rather than assumed. {@code duration} is the time the
 * cascade took, from its first statement to the publication of its revocation facts (so it
 * includes the outbox and audit writes their observers make), for CascadeMetrics.
 */
public record CascadeCompleted(UUID directoryId, RevocationReason reason, Cause cause, int statements,
        int delegationsRevoked, int credentialsRevoked, int agentsSuspended, Duration duration) {
}
