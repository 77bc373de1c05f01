package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.authz.ActionsRecorded;
import dev.tether.authz.RecordedAction;
import dev.tether.platform.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * An action reported for a moment when its credential or a link of its chain was already revoked
 * or expired is an incident (a revoked key still in use somewhere): it becomes an
 * {@code agent.action_after_revocation} event, delivered and signed like any other.
 */
@ApplicationScoped
public class ActionEventPublisher {

    private final EventOutbox outbox;
    private final ObjectMapper mapper;

    public ActionEventPublisher(EventOutbox outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    void onActions(@Observes @Priority(ObserverOrder.PUBLISH) ActionsRecorded e) {
        List<EventFact> facts = new ArrayList<>();
        for (RecordedAction a : e.actions()) {
            if (!a.afterRevocation()) {
                continue;
            }
            ObjectNode data = mapper.createObjectNode();
            data.put("directoryId", e.directoryId().toString());
            ObjectNode action = data.putObject("action");
            action.put("id", a.id().toString());
            action.put("action", a.action());
            action.put("outcome", a.outcome());
            action.put("occurredAt", a.occurredAt().toInstant().toString());
            action.putObject("target").put("type", a.targetType()).put("id", a.targetId());
            ObjectNode chain = data.putObject("chain");
            chain.put("rootUserId", a.rootUserId() == null ? null : a.rootUserId().toString());
            chain.put("agentId", a.agentId().toString());
            chain.put("delegationId", a.delegationId() == null ? null : a.delegationId().toString());
            chain.put("credentialId", a.credentialId() == null ? null : a.credentialId().toString());
            ArrayNode ids = chain.putArray("delegations");
            a.chain().forEach(id -> ids.add(id.toString()));
            data.set("binding", a.binding());
            String audience = a.binding().path("credential").path("audience").asText(null);
            facts.add(new EventFact(e.directoryId(), EventTypes.AGENT_ACTION_AFTER_REVOCATION, "Agent", a.agentId(),
                    e.cause().txn(), a.recordedAt().toInstant(), data, audience));
        }
        if (!facts.isEmpty()) {
            outbox.publish(facts);
        }
    }
}
