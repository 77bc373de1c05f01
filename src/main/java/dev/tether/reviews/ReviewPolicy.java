package dev.tether.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A directory's review policy: how long a delegation goes between reviews (the shortest of the
 * rules that match it, else the default; ISO 8601 periods such as {@code P90D}), what a
 * campaign does with unanswered items unless it says otherwise, who reviews when nobody
 * closer can, and the campaign it opens on a schedule ({@code recurring}, null when none) with
 * when the next one opens.
 */
public record ReviewPolicy(UUID directoryId, List<Interval> intervals, String defaultInterval, String onNoAnswer,
        List<UUID> fallbackReviewers, Recurring recurring, OffsetDateTime nextCampaignAt, OffsetDateTime updatedAt) {

    public ReviewPolicy {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        fallbackReviewers = fallbackReviewers == null ? List.of() : List.copyOf(fallbackReviewers);
    }

    /** A rule: delegations of this kind, holding this scope, for this audience (each optional) are reviewed every {@code interval}. */
    public record Interval(String kind, String scope, String audience, String interval) {
    }

    /**
     * A campaign opened every {@code every} (an ISO 8601 period) over the delegations {@code select}
     * takes (a campaign's select object, as asked), due {@code dueIn} (an ISO 8601 duration) after
     * it opens, named {@code name} and the date it opened. {@code onNoAnswer} null: the policy's.
     */
    public record Recurring(String name, String every, String dueIn, ObjectNode select, String onNoAnswer) {
    }
}
