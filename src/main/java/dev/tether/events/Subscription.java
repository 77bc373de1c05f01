package dev.tether.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A receiver of events. Secrets are not part of this view; see {@link SubscriptionStore#signingSecrets}.
 *
 * @param audience  for SSF, the {@code aud} its SETs carry (the URL when none was given)
 * @param audiences null: every event; else only events whose audience is one of these
 * @param hasPushAuthorization for SSF, whether pushes carry an Authorization header (its value is never shown)
 */
public record Subscription(UUID id, String url, String format, List<String> eventTypes, List<UUID> directoryIds,
        String description, String audience, List<String> audiences, String status, String disabledReason, Instant createdAt,
        Instant updatedAt, Instant previousSecretExpiresAt, boolean hasPushAuthorization) {

    public static final String STANDARD_WEBHOOKS = "standard-webhooks";
    public static final String SSF = "ssf";
}
