package dev.tether.security;

import java.time.Instant;
import java.util.UUID;

/** One time-limited link as stored (never its token). {@code objectId} is null for a sign-in link. */
public record TimeLimitedLink(UUID id, LinkKind kind, UUID objectId, Instant createdAt, Instant expiresAt,
        Instant firstUsedAt, Instant revokedAt, String createdByType, String createdById) {

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
