package dev.tether.events;

import java.util.List;
import java.util.UUID;

/**
 * One delivery this process holds until the lease runs out: the event to send, where, and how
 * to sign it, and for SSF the Authorization header value the push carries (null: none). Its
 * outcome is recorded only while {@code claimId} still holds the row, so an
 * attempt that outlived its lease (and was retaken elsewhere) cannot overwrite the newer one.
 */
public record DeliveryClaim(UUID deliveryId, UUID claimId, int attemptsMade, StoredEvent event, UUID subscriptionId,
        String url, String format, String audience, List<String> secrets, String pushAuthorization) {

    public DeliveryClaim(UUID deliveryId, UUID claimId, int attemptsMade, StoredEvent event, UUID subscriptionId,
            String url, String format, String audience, List<String> secrets) {
        this(deliveryId, claimId, attemptsMade, event, subscriptionId, url, format, audience, secrets, null);
    }
}
