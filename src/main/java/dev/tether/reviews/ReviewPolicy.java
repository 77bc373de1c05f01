package dev.tether.reviews;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A directory's review policy: how long a delegation goes between reviews (the shortest of the
 * rules that match it, else the default; ISO 8601 periods such as {@code P90D}), what a
 * campaign does with unanswered items unless it says otherwise, and who reviews when nobody
 * closer can.
 */
public record ReviewPolicy(UUID directoryId, List<Interval> intervals, String defaultInterval, NoAnswerRule onNoAnswer,
        List<UUID> fallbackReviewers, OffsetDateTime updatedAt) {

    public ReviewPolicy {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        fallbackReviewers = fallbackReviewers == null ? List.of() : List.copyOf(fallbackReviewers);
    }

    /** A rule: delegations of this kind, holding this scope, for this audience (each optional) are reviewed every {@code interval}. */
    public record Interval(String kind, String scope, String audience, String interval) {
    }
}
