package dev.tether.events;

import java.util.Map;

/**
 * Builds the request that carries one delivery in one format: {@link WebhookRequests} for
 * Standard Webhooks, {@link SetRequests} for SSF push. The {@link DeliverySender} POSTs what
 * it gets and does not look inside.
 */
interface DeliveryRequests {

    /** What to POST: headers in the order they are sent, and the body. */
    record Request(Map<String, String> headers, byte[] body) {
    }

    /** The request for one attempt of {@code claim}; a retry gets a fresh one (new timestamp, same id). */
    Request build(DeliveryClaim claim);

    /** What of a refusing receiver's body to keep as the delivery's last error; the whole body unless the format says more. */
    default String errorDetail(int status, String body) {
        return body;
    }
}
