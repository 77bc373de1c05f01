package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Clock;
import dev.tether.platform.ObserverOrder;
import dev.tether.reviews.ReviewItem;
import dev.tether.reviews.ReviewNotice;
import dev.tether.reviews.ReviewViews;
import dev.tether.reviews.ReviewsDecided;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns recertification's facts into outbox rows inside the transaction that made them true, a
 * page of items as one statement: review.requested (a campaign opened, an item reassigned),
 * review.reminder, and review.decided, so an app can notify reviewers by its own channels and
 * act on decisions. Subject: the review item.
 */
@ApplicationScoped
public class ReviewEventPublisher {

    private final EventOutbox outbox;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ReviewEventPublisher(EventOutbox outbox, ObjectMapper mapper, Clock clock) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
    }

    void onNotice(@Observes @Priority(ObserverOrder.PUBLISH) ReviewNotice n) {
        String type = n.kind() == ReviewNotice.Kind.REMINDED ? EventTypes.REVIEW_REMINDER : EventTypes.REVIEW_REQUESTED;
        List<EventFact> events = new ArrayList<>(n.items().size());
        Instant at = clock.instant();
        for (ReviewItem i : n.items()) {
            ObjectNode data = ReviewViews.request(mapper, n.campaign(), i);
            if (n.kind() == ReviewNotice.Kind.REASSIGNED) {
                data.put("reassignmentNote", n.note());
            }
            events.add(new EventFact(i.directoryId(), type, "ReviewItem", i.id(), n.cause().txn(), at, data));
        }
        outbox.publish(events);
    }

    void onDecided(@Observes @Priority(ObserverOrder.PUBLISH) ReviewsDecided d) {
        List<EventFact> events = new ArrayList<>(d.items().size());
        for (ReviewItem i : d.items()) {
            ObjectNode data = ReviewViews.request(mapper, d.campaign(), i);
            ReviewViews.putDecision(data, i);
            events.add(new EventFact(i.directoryId(), EventTypes.REVIEW_DECIDED, "ReviewItem", i.id(), d.cause().txn(),
                    i.decidedAt().toInstant(), data));
        }
        outbox.publish(events);
    }
}
