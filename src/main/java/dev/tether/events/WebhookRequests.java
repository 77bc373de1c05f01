package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Standard Webhooks requests: a JSON body {@code {type, timestamp, data}} signed with the
 * subscription's secrets, in the headers {@code webhook-id} (the event id, the same on every
 * retry), {@code webhook-timestamp} (this attempt) and {@code webhook-signature}.
 */
@ApplicationScoped
class WebhookRequests implements DeliveryRequests {

    private final ObjectMapper mapper;

    WebhookRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Marks a claim whose signing secret could not be opened; the rest is the reason. */
    static final String UNOPENED = "\u0000unopened:";

    @Override
    public Request build(DeliveryClaim claim) {
        for (String secret : claim.secrets()) {
            if (secret.startsWith(UNOPENED)) {
                throw new IllegalStateException("the signing secret cannot be opened: " + secret.substring(UNOPENED.length()));
            }
        }
        String body = body(claim.event());
        String id = claim.event().id().toString();
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", StandardWebhookSignature.header(id, timestamp, body, claim.secrets()));
        return new Request(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The Standard Webhooks body: {type, timestamp, data}; data carries the event's subject, sequence and txn. */
    String body(StoredEvent e) {
        ObjectNode body = mapper.createObjectNode();
        body.put("type", e.type());
        body.put("timestamp", e.occurredAt().toString());
        ObjectNode data = e.data().deepCopy();
        if (e.directoryId() != null) {
            data.put("directoryId", e.directoryId().toString());
        }
        data.putObject("subject").put("type", e.subjectType()).put("id", e.subjectId().toString());
        data.put("sequence", e.sequence());
        data.put("txn", e.txn().toString());
        body.set("data", data);
        try {
            return mapper.writeValueAsString(body);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
