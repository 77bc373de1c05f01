package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.lineage.AgentChangeEvent;
import dev.tether.lineage.Credential;
import dev.tether.lineage.CredentialRegistered;
import dev.tether.lineage.Delegation;
import dev.tether.lineage.DelegationGranted;
import dev.tether.lineage.DelegationNarrowed;
import dev.tether.lineage.LineageContext;
import dev.tether.lineage.LineageViews;
import dev.tether.lineage.RevocationBatch;
import dev.tether.lineage.RevocationEvent;
import dev.tether.platform.Clock;
import dev.tether.platform.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns lineage's facts into outbox rows inside the transaction that made them true: agents
 * written through SCIM, delegations granted, credentials registered, and every revocation and
 * suspension, a cascade's thousands as one statement.
 */
@ApplicationScoped
public class LineageEventPublisher {

    private final Clock clock;

    private final EventOutbox outbox;
    private final ObjectMapper mapper;

    public LineageEventPublisher(EventOutbox outbox, ObjectMapper mapper, Clock clock) {
        this.clock = clock;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    void onAgent(@Observes @Priority(ObserverOrder.PUBLISH) AgentChangeEvent e) {
        String type = switch (e.kind()) {
            case CREATED -> EventTypes.AGENT_CREATED;
            case DELETED -> EventTypes.AGENT_DELETED;
            case UPDATED -> EventTypes.AGENT_UPDATED;
        };
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", e.directoryId().toString());
        ObjectNode agent = (e.after() != null ? e.after() : e.before()).deepCopy();
        agent.put("id", e.agentId().toString());
        data.set("agent", agent);
        ArrayNode changed = data.putArray("changedAttributes");
        new TreeSet<>(e.changedAttributes()).forEach(changed::add);
        outbox.publish(new EventFact(e.directoryId(), type, "Agent", e.agentId(), e.cause().txn(), clock.instant(), data));
    }

    void onDelegation(@Observes @Priority(ObserverOrder.PUBLISH) DelegationGranted e) {
        Delegation d = e.delegation();
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", d.directoryId().toString());
        data.set("delegation", LineageViews.delegation(mapper, d));
        data.putObject("chain")
                .put("rootUserId", d.rootUserId().toString())
                .put("delegationId", d.id().toString())
                .put("agentId", d.agentId().toString());
        putContext(data, e.context());
        outbox.publish(new EventFact(d.directoryId(), EventTypes.DELEGATION_CREATED, "Delegation", d.id(),
                e.cause().txn(), d.createdAt().toInstant(), data, d.audience()));
    }

    /** Each narrowed delegation: the delegation as it is now, and the scopes it held before and holds now. */
    void onNarrowed(@Observes @Priority(ObserverOrder.PUBLISH) DelegationNarrowed e) {
        List<EventFact> events = new ArrayList<>(e.changes().size());
        for (DelegationNarrowed.Change c : e.changes()) {
            Delegation d = c.delegation();
            ObjectNode data = mapper.createObjectNode();
            data.put("directoryId", d.directoryId().toString());
            data.set("delegation", LineageViews.delegation(mapper, d));
            data.put("version", d.version());
            ArrayNode oldScopes = data.putArray("oldScopes");
            c.oldScopes().forEach(oldScopes::add);
            ArrayNode newScopes = data.putArray("newScopes");
            d.scopes().forEach(newScopes::add);
            data.putObject("chain")
                    .put("rootUserId", d.rootUserId().toString())
                    .put("delegationId", d.id().toString())
                    .put("agentId", d.agentId().toString());
            putContext(data, c.context());
            events.add(new EventFact(d.directoryId(), EventTypes.DELEGATION_NARROWED, "Delegation", d.id(),
                    e.cause().txn(), c.at().toInstant(), data, d.audience()));
        }
        outbox.publish(events);
    }

    void onCredential(@Observes @Priority(ObserverOrder.PUBLISH) CredentialRegistered e) {
        Credential c = e.credential();
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", c.directoryId().toString());
        data.set("credential", LineageViews.credential(mapper, c));
        data.putObject("chain")
                .put("rootUserId", e.rootUserId().toString())
                .put("delegationId", c.delegationId().toString())
                .put("agentId", c.agentId().toString())
                .put("credentialId", c.id().toString());
        putContext(data, e.context());
        outbox.publish(new EventFact(c.directoryId(), EventTypes.CREDENTIAL_REGISTERED, "Credential", c.id(),
                e.cause().txn(), c.createdAt().toInstant(), data, c.audience()));
    }

    void onRevocations(@Observes @Priority(ObserverOrder.PUBLISH) RevocationBatch batch) {
        List<EventFact> events = new ArrayList<>(batch.revocations().size());
        for (RevocationEvent fact : batch.revocations()) {
            events.add(new EventFact(fact.directoryId(), eventType(fact.kind()), fact.subjectType(),
                    fact.subjectId(), batch.cause().txn(), fact.at().toInstant(), data(fact),
                    fact.terms() == null ? null : fact.terms().audience()));
        }
        outbox.publish(events);
    }

    /**
     * The chain root user → delegation → agent → credential, as far as the fact names it, and
     * what was revoked by its own handle: a credential's kind, externalId and audience, a
     * delegation's scopes, audience and expiry, the agent and the root user by name.
     */
    private ObjectNode data(RevocationEvent fact) {
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", fact.directoryId().toString());
        data.put("reason", fact.reason().code());
        ObjectNode chain = data.putObject("chain");
        LineageViews.putIfKnown(chain, "rootUserId", fact.rootUserId());
        LineageViews.putIfKnown(chain, "delegationId", fact.delegationId());
        LineageViews.putIfKnown(chain, "agentId", fact.agentId());
        LineageViews.putIfKnown(chain, "credentialId", fact.credentialId());
        RevocationEvent.Terms terms = fact.terms();
        if (terms != null && fact.kind() == RevocationEvent.Kind.CREDENTIAL_REVOKED) {
            ObjectNode c = data.putObject("credential");
            c.put("id", fact.credentialId().toString());
            c.put("agentId", fact.agentId().toString());
            c.put("delegationId", fact.delegationId().toString());
            c.put("kind", terms.credentialKind());
            c.put("externalId", terms.externalId());
            c.put("audience", terms.audience());
            putIfSet(c, "fingerprint", terms.fingerprint());
            putIfSet(c, "expiresAt", terms.expiresAt());
            c.put("status", "revoked");
        } else if (terms != null && fact.kind() == RevocationEvent.Kind.DELEGATION_REVOKED) {
            ObjectNode d = data.putObject("delegation");
            d.put("id", fact.delegationId().toString());
            if (terms.delegatorId() != null) {
                d.putObject("delegator").put("type", terms.delegatorType()).put("id", terms.delegatorId().toString());
            }
            d.put("agentId", fact.agentId().toString());
            ArrayNode scopes = d.putArray("scopes");
            if (terms.scopes() != null) {
                terms.scopes().forEach(scopes::add);
            }
            putIfSet(d, "audience", terms.audience());
            putIfSet(d, "expiresAt", terms.expiresAt());
            d.put("status", "revoked");
        }
        putContext(data, fact.context());
        return data;
    }

    /** {@code agent}, {@code rootUser} and {@code delegations} (root first), as far as the context names them. */
    private void putContext(ObjectNode data, LineageContext context) {
        if (context == null) {
            return;
        }
        if (context.agent() != null) {
            ObjectNode agent = data.putObject("agent");
            agent.put("id", context.agent().id().toString());
            putIfSet(agent, "name", context.agent().name());
            putIfSet(agent, "externalId", context.agent().externalId());
        }
        if (context.rootUser() != null) {
            ObjectNode user = data.putObject("rootUser");
            user.put("id", context.rootUser().id().toString());
            putIfSet(user, "userName", context.rootUser().userName());
            putIfSet(user, "externalId", context.rootUser().externalId());
        }
        if (!context.delegations().isEmpty()) {
            ArrayNode links = data.putArray("delegations");
            for (LineageContext.Link link : context.delegations()) {
                ObjectNode l = links.addObject().put("id", link.delegationId().toString());
                ArrayNode scopes = l.putArray("scopes");
                link.scopes().forEach(scopes::add);
            }
        }
    }

    private static void putIfSet(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    private static void putIfSet(ObjectNode n, String name, java.time.OffsetDateTime value) {
        if (value != null) {
            n.put(name, java.time.format.DateTimeFormatter.ISO_INSTANT.format(value));
        }
    }

    private static String eventType(RevocationEvent.Kind kind) {
        return switch (kind) {
            case DELEGATION_REVOKED -> EventTypes.DELEGATION_REVOKED;
            case CREDENTIAL_REVOKED -> EventTypes.CREDENTIAL_REVOKED;
            case AGENT_SUSPENDED -> EventTypes.AGENT_SUSPENDED;
        };
    }
}
