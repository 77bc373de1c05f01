package dev.tether.reviews;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One delegation under review: what it allows (scopes when the campaign opened and now,
 * audience, expiry, chain, credentials), who answers for it, what was done under it in the
 * review period, and the decision once there is one.
 *
 * @param reviewerSource which step found the reviewers: delegator, root-user, sponsor, manager, fallback, none
 * @param chain          delegation ids from the root user's down to this one
 * @param decidedBy      the reviewer who answered; null when undecided or settled by the no-answer rule
 * @param auditRecordId  the decision's audit record (null until decided); {@code auditPosition} its
 *                       place in the directory's chain once sealed
 */
public record ReviewItem(UUID id, UUID campaignId, UUID directoryId, UUID delegationId, String kind, Party delegator,
        Party agent, Party rootUser, List<String> scopes, List<String> currentScopes, String audience,
        OffsetDateTime expiresAt, OffsetDateTime reviewBy, String delegationStatus, List<UUID> chain,
        List<CredentialHandle> credentials, List<Party> reviewers, String reviewerSource, String status, String decision,
        List<String> decidedScopes, String justification, UUID decidedBy, boolean noAnswer, OffsetDateTime decidedAt,
        OffsetDateTime periodStart, Usage usage, List<Reassignment> reassignments, OffsetDateTime createdAt,
        Long auditRecordId, Long auditPosition) {

    @JsonIgnore
    public boolean pending() {
        return "pending".equals(status);
    }

    /** A user, agent or delegator by id and name (type User or Agent; name null when gone). */
    public record Party(String type, UUID id, String name) {
    }

    public record CredentialHandle(UUID id, String kind, String externalId, String audience, String status) {
    }

    /**
     * What the action trail shows for the review period: actions done (not denied) and when last,
     * the delegation's scopes they used, and denials.
     */
    public record Usage(OffsetDateTime since, OffsetDateTime until, long count, long denials, OffsetDateTime lastUsedAt,
            List<String> scopesUsed) {

        @JsonProperty("neverUsed")
        public boolean neverUsed() {
            return count == 0;
        }
    }

    public record Reassignment(List<UUID> from, List<UUID> to, String note, String actorType, String actorId,
            OffsetDateTime at) {
    }
}
