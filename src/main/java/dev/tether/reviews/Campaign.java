package dev.tether.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A recertification campaign and its progress.
 *
 * @param selection the select object as it was asked
 * @param createdBy {type, id} of whoever opened it
 */
public record Campaign(UUID id, UUID directoryId, String name, ObjectNode selection, OffsetDateTime dueAt,
        NoAnswerRule onNoAnswer, String status, OffsetDateTime createdAt, ObjectNode createdBy, OffsetDateTime closedAt,
        Counts counts) {

    /** Items by state: all, still pending, and decided by each outcome. */
    public record Counts(long items, long pending, long approved, long revoked, long narrowed, long flagged,
            long noAnswer) {
    }
}
