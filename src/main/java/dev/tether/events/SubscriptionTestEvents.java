package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Clock;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The verification event an operator sends to one subscription to check it end to end. */
@ApplicationScoped
public class SubscriptionTestEvents {

    private final Clock clock;

    private final EventOutbox outbox;
    private final Transactions transactions;
    private final ObjectMapper mapper;

    public SubscriptionTestEvents(EventOutbox outbox, Transactions transactions, ObjectMapper mapper, Clock clock) {
        this.clock = clock;
        this.outbox = outbox;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    public UUID send(UUID subscriptionId) {
        ObjectNode data = mapper.createObjectNode();
        data.put("subscriptionId", subscriptionId.toString());
        data.put("message", "Tether test event: if you can read this, the subscription works.");
        EventFact fact = new EventFact(null, EventTypes.TEST, "Subscription", subscriptionId, UUID.randomUUID(),
                clock.instant(), data);
        return transactions.run(() -> outbox.publishTo(fact, subscriptionId));
    }
}
