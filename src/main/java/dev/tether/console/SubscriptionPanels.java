package dev.tether.console;

import dev.tether.events.DeliveryLedger;
import dev.tether.events.EventTypes;
import dev.tether.events.SecurityEventTokens;
import dev.tether.events.SsfTransmitterResource;
import dev.tether.events.Subscription;
import dev.tether.events.SubscriptionChanges;
import dev.tether.events.SubscriptionRefusal;
import dev.tether.events.SubscriptionStore;
import dev.tether.platform.Cause;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The subscription pages' common part, for the operator console and the subscriber portal:
 * builds the {@link SubscriptionPanel} and applies its forms through {@link SubscriptionChanges},
 * the same service the admin API uses, so checks, audit and wake-ups are the same whoever asks.
 */
@ApplicationScoped
public class SubscriptionPanels {

    /** Deliveries per page. */
    static final int PAGE_SIZE = 25;
    static final List<String> STATUSES = List.of("pending", "succeeded", "dead");

    /** What a form did, by the key its redirect carries (never free text from the request). */
    static final Map<String, String> NOTICES = Map.of(
            "saved", "Endpoint saved.",
            "paused", "Paused: events are held and sent when you resume.",
            "resumed", "Resumed: held events are being sent now.",
            "test-sent", "A test event (tether.test) is on its way; it appears in the deliveries below.",
            "replayed", "The delivery is queued again, with the same webhook-id.",
            "replayed-since", "The deliveries since that time are queued again, with their original ids.",
            "link-revoked", "The portal link is revoked: it opens nothing any more.");

    private final SubscriptionChanges changes;
    private final DeliveryLedger deliveries;
    private final SecurityEventTokens sets;
    private final TetherConfig tether;

    public SubscriptionPanels(SubscriptionChanges changes, DeliveryLedger deliveries, SecurityEventTokens sets,
            TetherConfig tether) {
        this.changes = changes;
        this.deliveries = deliveries;
        this.sets = sets;
        this.tether = tether;
    }

    /** The query of a deliveries page: filters and where it starts. Bad values read as "none". */
    public record Query(String status, String eventType, String before, String notice) {
    }

    public Subscription subscription(UUID id) {
        return changes.find(id);
    }

    /**
     * The panel for one subscription. {@code baseUrl} is the server's address as the browser
     * reached it (for the JWKS URL when no public base URL is configured).
     */
    public SubscriptionPanel panel(Subscription s, String base, String csrf, boolean canChange, Query query,
            URI baseUrl, String error, String newSecret) {
        // List.of(...).contains(null) throws: an absent filter is checked first
        String status = query.status() != null && STATUSES.contains(query.status()) ? query.status() : null;
        String type = query.eventType() != null && filterTypes().contains(query.eventType()) ? query.eventType() : null;
        String[] before = cursor(query.before());
        List<DeliveryLedger.ListedDelivery> rows = deliveries.page(s.id(), status, type,
                before == null ? null : before[0], before == null ? 0 : Long.parseLong(before[1]), PAGE_SIZE + 1);
        String older = null;
        if (rows.size() > PAGE_SIZE) {
            rows = rows.subList(0, PAGE_SIZE);
            DeliveryLedger.ListedDelivery last = rows.get(PAGE_SIZE - 1);
            UriBuilder next = UriBuilder.fromPath(base).queryParam("before", last.txid() + ":" + last.position());
            if (status != null) {
                next.queryParam("status", status);
            }
            if (type != null) {
                next.queryParam("type", type);
            }
            older = next.build().toString() + "#deliveries";
        }
        List<SubscriptionPanel.DeliveryRow> shown = rows.stream().map(DeliveryLedger.ListedDelivery::view)
                .map(d -> new SubscriptionPanel.DeliveryRow(d.id(), d.eventId(), d.eventType(), d.status(), d.attempts(),
                        d.lastAttemptAt(), d.lastStatusCode(), d.lastError(), d.lastLatencyMs(), d.nextAttemptAt(),
                        d.deliveredAt(),
                        d.createdAt()))
                .toList();
        List<SubscriptionPanel.EventTypeChoice> choices = new ArrayList<>();
        for (String t : EventTypes.ALL) {
            choices.add(new SubscriptionPanel.EventTypeChoice(t, "type-" + t.replace('.', '-').replace('_', '-'),
                    s.eventTypes() != null && s.eventTypes().contains(t)));
        }
        boolean webhooks = Subscription.STANDARD_WEBHOOKS.equals(s.format());
        String jwksUrl = base(baseUrl) + SsfTransmitterResource.JWKS_PATH;
        SubscriptionPanel.Verification verification = new SubscriptionPanel.Verification(
                webhooks ? SignatureSamples.webhooks()
                        : SignatureSamples.securityEventTokens(jwksUrl, sets.issuer(), s.audience()),
                jwksUrl, sets.issuer(), s.audience(), SignatureSamples.TOLERANCE_SECONDS, SignatureSamples.SECRET_VARIABLE);
        String notice = query.notice() == null ? null : NOTICES.get(query.notice());
        return new SubscriptionPanel(base, csrf, canChange,
                new SubscriptionPanel.Endpoint(s.id(), s.url(), s.format(), webhooks, s.eventTypes(), s.audiences(),
                        s.status(), s.disabledReason(), s.description(), s.previousSecretExpiresAt()),
                new SubscriptionPanel.Deliveries(shown, status, type, STATUSES, filterTypes(), older,
                        status != null || type != null || before != null),
                choices, verification, notice, error, newSecret);
    }

    /** Every type a delivery can be of: the published ones and the test event. */
    static List<String> filterTypes() {
        List<String> all = new ArrayList<>(EventTypes.ALL);
        all.add(EventTypes.TEST);
        return all;
    }

    /** "txid:position" of the last row of the previous page, or null when absent or malformed. */
    static String[] cursor(String before) {
        if (before == null || !before.matches("[0-9]{1,20}:[0-9]{1,19}")) {
            return null;
        }
        return before.split(":");
    }

    // ---- the forms: each returns the key of its notice; a refusal propagates for the page to show

    /** Saves the URL and event types; {@code everyType} ticked means every type (the list is then ignored). */
    public String edit(UUID id, String url, List<String> eventTypes, boolean everyType, Cause cause) {
        String stripped = url == null ? null : url.strip();
        List<String> types = everyType ? null : eventTypes == null ? List.of() : eventTypes;
        if (types != null && types.isEmpty()) {
            throw refusal("Choose at least one event type, or tick “Every type”.");
        }
        changes.update(id, new SubscriptionStore.Change(stripped == null || stripped.isEmpty() ? "" : stripped, null,
                types, everyType, null), cause);
        return "saved";
    }

    public String pauseOrResume(UUID id, String status, Cause cause) {
        if (!"paused".equals(status) && !"active".equals(status)) {
            throw refusal("Choose pause or resume.");
        }
        changes.update(id, new SubscriptionStore.Change(null, status, null, false, null), cause);
        return "paused".equals(status) ? "paused" : "resumed";
    }

    public String sendTest(UUID id, Cause cause) {
        changes.sendTest(id, cause);
        return "test-sent";
    }

    public String replay(UUID id, String deliveryId, Cause cause) {
        UUID delivery;
        try {
            delivery = UUID.fromString(deliveryId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw refusal("No such delivery.");
        }
        changes.replay(id, delivery, cause);
        return "replayed";
    }

    /**
     * Replays since a time typed in the page: an RFC 3339 time, or the value of a
     * {@code datetime-local} field (no offset), read as UTC as the page says.
     */
    public String replaySince(UUID id, String since, Cause cause) {
        String value = since == null ? "" : since.strip();
        try {
            value = LocalDateTime.parse(value).atOffset(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException notLocal) {
            // an RFC 3339 time or a feed cursor, for the shared check to judge
        }
        changes.replaySince(id, value, cause);
        return "replayed-since";
    }

    public SubscriptionChanges.Rotated rotateSecret(UUID id, Cause cause) {
        return changes.rotateSecret(id, null, cause);
    }

    /** Where a form sends the browser once it worked: the page again, saying what happened. */
    static Response done(String base, String notice) {
        return Response.seeOther(UriBuilder.fromPath(base).queryParam("notice", notice).build()).build();
    }

    /** A refusal of a form field that the shared service does not see. */
    static SubscriptionRefusal refusal(String message) {
        return new SubscriptionRefusal(SubscriptionRefusal.Kind.INVALID, null, message);
    }

    private String base(URI requestBase) {
        return PublicBaseUrl.of(tether, requestBase);
    }
}
