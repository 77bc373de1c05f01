package dev.tether.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One fact to publish, handed to {@link EventOutbox#publish} inside the transaction that made it true.
 *
 * @param type        one of {@link EventTypes#ALL}
 * @param subjectType what the per-subject sequence counts over, e.g. "User", "Group", "Delegation"
 * @param txn         the cause id shared by everything one write caused
 * @param data        the type's payload; the outbox adds nothing to it
 * @param audience    the app a credential was issued for (or a delegation granted to), which
 *                    subscriptions may filter on; null for facts that concern no one app
 */
public record EventFact(UUID directoryId, String type, String subjectType, UUID subjectId, UUID txn,
        Instant occurredAt, ObjectNode data, String audience) {

    public EventFact(UUID directoryId, String type, String subjectType, UUID subjectId, UUID txn,
            Instant occurredAt, ObjectNode data) {
        this(directoryId, type, subjectType, subjectId, txn, occurredAt, data, null);
    }
}
