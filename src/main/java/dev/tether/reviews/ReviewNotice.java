package dev.tether.reviews;

import dev.tether.platform.Cause;
import java.util.List;

/**
 * Review items put before their reviewers, fired synchronously inside the transaction that did
 * it, as one fact for a page of items: a campaign opened, items reassigned, or reminders sent
 * as the due date nears.
 *
 * @param note the reassignment's note; null otherwise
 */
public record ReviewNotice(Kind kind, Campaign campaign, List<ReviewItem> items, String note, Cause cause) {

    public enum Kind {
        OPENED, REASSIGNED, REMINDED
    }

    public ReviewNotice {
        items = List.copyOf(items);
    }
}
