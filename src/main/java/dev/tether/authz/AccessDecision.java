package dev.tether.authz;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The answer to one {@link AccessQuestion}.
 *
 * @param permit      whether the action is allowed now
 * @param reason      on a deny, which check failed (a {@link DenyReason} code); null on a permit
 * @param failedLink  on a deny, the credential or delegation that failed, when there is one
 * @param failedLinkType {@code credential}, {@code delegation}, or null
 * @param revokeReason when the failed link is revoked: why (leaver, mover, …)
 * @param delegationId the delegation the answer rests on (the permitting one, or the one that failed)
 * @param chain        delegation ids from {@code delegationId} up to the root
 * @param rootUserId   the human the chain derives from
 * @param validUntil   on a permit, until when it may be cached
 */
public record AccessDecision(boolean permit, String reason, UUID failedLink, String failedLinkType, String revokeReason,
        UUID delegationId, List<UUID> chain, UUID rootUserId, OffsetDateTime validUntil) {

    static AccessDecision deny(String reason) {
        return new AccessDecision(false, reason, null, null, null, null, List.of(), null, null);
    }
}
