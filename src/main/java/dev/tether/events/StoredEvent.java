package dev.tether.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** An outbox row as read back: what the feed returns and what deliveries carry. */
public record StoredEvent(UUID id, String type, UUID directoryId, String subjectType, UUID subjectId, long sequence,
        UUID txn, Instant occurredAt, ObjectNode data, FeedCursor cursor) {
}
