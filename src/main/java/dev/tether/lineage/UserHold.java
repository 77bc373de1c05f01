package dev.tether.lineage;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A user on hold: no new delegation is granted from them and no new credential is recorded under
 * anything derived from them, until the IdP's SCIM confirms the user (active true) or an operator
 * releases the hold. An incoming signal (an account disabled upstream) places one; the user's
 * SCIM state stays the IdP's.
 *
 * @param reason   why, e.g. {@code signal:account-disabled}
 * @param issuer   the issuer of the SET that placed it; null for a hold placed otherwise
 * @param jti      that SET's {@code jti}
 * @param sourceId the signal source it came through
 * @param cause    the txn of the change that placed it
 */
public record UserHold(UUID directoryId, UUID userId, String reason, String issuer, String jti, UUID sourceId,
        UUID cause, OffsetDateTime placedAt) {
}
