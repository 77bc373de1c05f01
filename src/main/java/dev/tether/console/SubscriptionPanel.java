package dev.tether.console;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the one subscription partial ({@code console/subscriptionPanel.html}) draws, for the
 * operator console and for the subscriber portal alike: the endpoint and its settings, a page of
 * its deliveries with their last response, the actions, and how to verify what it receives.
 *
 * @param base      where the partial's forms post: {@code /console/events/{id}} or {@code /portal/{link}}
 * @param canChange false for an auditor: everything shown, no form drawn
 * @param newSecret the secret just rotated to, shown this once; else null
 */
@TemplateData
public record SubscriptionPanel(String base, String csrf, boolean canChange, Endpoint endpoint, Deliveries deliveries,
        List<EventTypeChoice> eventTypes, Verification verification, String notice, String error, String newSecret) {

    /** The endpoint as its owner sees it. {@code eventTypes} and {@code audiences} are null for "every". */
    @TemplateData
    public record Endpoint(UUID id, String url, String format, boolean webhooks, List<String> eventTypes,
            List<String> audiences, String status, String disabledReason, String description,
            Instant previousSecretExpiresAt) {

        public boolean paused() {
            return "paused".equals(status);
        }

        public boolean active() {
            return "active".equals(status);
        }
    }

    /** A page of deliveries, newest event first, as filtered; {@code olderHref} null on the last page. */
    @TemplateData
    public record Deliveries(List<DeliveryRow> rows, String status, String eventType, List<String> statuses,
            List<String> filterTypes, String olderHref, boolean filtered) {
    }

    /**
     * One delivery: its event (whose id is the {@code webhook-id} / SET {@code jti}), status,
     * attempts, and the last attempt's response as the deliveries table keeps it: the HTTP
     * status, how long it took, and the error, which for an HTTP failure carries the first 200
     * bytes of the receiver's body.
     */
    @TemplateData
    public record DeliveryRow(UUID id, UUID eventId, String eventType, String status, int attempts,
            Instant lastAttemptAt, Integer lastStatusCode, String lastError, Integer lastLatencyMs, Instant nextAttemptAt,
            Instant deliveredAt, Instant createdAt) {
    }

    /** An event type offered in the edit form, ticked when the endpoint receives it. */
    @TemplateData
    public record EventTypeChoice(String type, String htmlId, boolean chosen) {
    }

    /** How to verify: the samples for the endpoint's format, and the values an SSF receiver checks. */
    @TemplateData
    public record Verification(List<SignatureSamples.Sample> samples, String jwksUrl, String issuer, String audience,
            int toleranceSeconds, String secretVariable) {
    }
}
