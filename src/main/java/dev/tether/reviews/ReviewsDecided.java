package dev.tether.reviews;

import dev.tether.platform.Cause;
import java.util.List;

/**
 * Review items decided, as they stand after the decision, fired synchronously inside the
 * transaction that decided them: one reviewer's answer, or a page of a campaign's no-answer
 * rule. {@code cause}'s actor is the reviewer (type user) or system for the no-answer rule;
 * {@code submittedBy} is who delivered the answer (the IGA tool's admin subject, a review link).
 */
public record ReviewsDecided(Campaign campaign, List<ReviewItem> items, Cause cause, Cause.Actor submittedBy) {

    public ReviewsDecided {
        items = List.copyOf(items);
    }
}
