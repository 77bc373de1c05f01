package dev.tether.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A receiver of events. Secrets are not part of this view; see {@link SubscriptionStore#signingSecrets}. */
public record Subscription(UUID id, String url, String format, List<String> eventTypes, List<UUID> directoryIds,
        String description, String audience, String status, String disabledReason, Instant createdAt,
        Instant updatedAt, Instant previousSecretExpiresAt) {

    public static final String STANDARD_WEBHOOKS = "standard-webhooks";
    public static final String SSF = "ssf";
}
