package dev.tether.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.LifecycleClassifier;
import dev.tether.events.EventFact;
import dev.tether.events.EventOutbox;
import dev.tether.events.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes agents created, updated and deleted through SCIM, delegations granted and credentials
 * registered into the outbox and the audit trail, inside the transaction of the write: the
 * change, its event and its record commit together or not at all. (Revocations and suspensions
 * go through {@link RevocationRecords}.) Each event has one audit record and vice versa.
 */
@ApplicationScoped
public class LineageRecords {

    private final EventOutbox outbox;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    public LineageRecords(EventOutbox outbox, AuditLog audit, ObjectMapper mapper) {
        this.outbox = outbox;
        this.audit = audit;
        this.mapper = mapper;
    }

    void onAgent(@Observes AgentChangeEvent e) {
        String type;
        String action;
        switch (e.kind()) {
            case CREATED:
                type = EventTypes.AGENT_CREATED;
                action = "agent.create";
                break;
            case DELETED:
                type = EventTypes.AGENT_DELETED;
                action = "agent.delete";
                break;
            default:
                type = EventTypes.AGENT_UPDATED;
                action = "agent.update";
        }
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", e.directoryId().toString());
        ObjectNode agent = (e.after() != null ? e.after() : e.before()).deepCopy();
        agent.put("id", e.agentId().toString());
        data.set("agent", agent);
        ArrayNode changed = data.putArray("changedAttributes");
        new TreeSet<>(e.changedAttributes()).forEach(changed::add);
        outbox.publish(new EventFact(e.directoryId(), type, "Agent", e.agentId(), e.cause(), Instant.now(), data));

        AuditEntry entry = AuditEntry.of(e.directoryId(), action)
                .target("Agent", e.agentId())
                .cause(e.cause())
                .lifecycle(LifecycleClassifier.classify(e.before(), e.after()))
                .before(e.before())
                .after(e.after());
        if (e.kind() != AgentChangeEvent.Kind.DELETED && !e.changedAttributes().isEmpty()) {
            entry.detail("changedAttributes", changed.deepCopy());
        }
        audit.append(entry);
    }

    void onDelegation(@Observes DelegationGranted e) {
        Delegation d = e.delegation();
        ObjectNode delegation = delegation(d);
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", d.directoryId().toString());
        data.set("delegation", delegation);
        data.putObject("chain")
                .put("rootUserId", d.rootUserId().toString())
                .put("delegationId", d.id().toString())
                .put("agentId", d.agentId().toString());
        outbox.publish(new EventFact(d.directoryId(), EventTypes.DELEGATION_CREATED, "Delegation", d.id(), e.cause(),
                d.createdAt().toInstant(), data));

        // details.rootUser puts the grant on its root user's audit trail
        audit.append(AuditEntry.of(d.directoryId(), "delegation.create")
                .actor(e.actor())
                .target("Delegation", d.id())
                .cause(e.cause())
                .after(delegation)
                .detail("rootUser", d.rootUserId().toString())
                .detail("agent", d.agentId().toString())
                .detail("delegator", mapper.createObjectNode().put("type", d.delegatorType())
                        .put("id", d.delegatorId().toString()))
                .detail("kind", d.kind()));
    }

    void onCredential(@Observes CredentialRegistered e) {
        Credential c = e.credential();
        ObjectNode credential = credential(c);
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", c.directoryId().toString());
        data.set("credential", credential);
        data.putObject("chain")
                .put("rootUserId", e.rootUserId().toString())
                .put("delegationId", c.delegationId().toString())
                .put("agentId", c.agentId().toString())
                .put("credentialId", c.id().toString());
        outbox.publish(new EventFact(c.directoryId(), EventTypes.CREDENTIAL_REGISTERED, "Credential", c.id(), e.cause(),
                c.createdAt().toInstant(), data));

        audit.append(AuditEntry.of(c.directoryId(), "credential.register")
                .actor(e.actor())
                .target("Credential", c.id())
                .cause(e.cause())
                .after(credential)
                .detail("rootUser", e.rootUserId().toString())
                .detail("delegation", c.delegationId().toString())
                .detail("agent", c.agentId().toString())
                .detail("kind", c.kind()));
    }

    /** The row as the admin API shows it; absent optional values are left out. */
    private ObjectNode delegation(Delegation d) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", d.id().toString());
        n.putObject("delegator").put("type", d.delegatorType()).put("id", d.delegatorId().toString());
        n.put("agentId", d.agentId().toString());
        putIfKnown(n, "parentDelegationId", d.parentDelegationId());
        n.put("rootUserId", d.rootUserId().toString());
        n.put("depth", d.depth());
        if (d.maxDepth() != null) {
            n.put("maxDepth", d.maxDepth());
        }
        ArrayNode scopes = n.putArray("scopes");
        d.scopes().forEach(scopes::add);
        if (d.audience() != null) {
            n.put("audience", d.audience());
        }
        putIfKnown(n, "expiresAt", d.expiresAt());
        ArrayNode basis = n.putArray("basisGroups");
        d.basisGroups().forEach(g -> basis.add(g.toString()));
        n.put("kind", d.kind());
        n.put("status", d.status());
        putIfKnown(n, "createdAt", d.createdAt());
        return n;
    }

    /** The handle Tether holds (never a secret: Tether has none), as the admin API shows it. */
    private ObjectNode credential(Credential c) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", c.id().toString());
        n.put("agentId", c.agentId().toString());
        n.put("delegationId", c.delegationId().toString());
        n.put("kind", c.kind());
        n.put("externalId", c.externalId());
        n.put("audience", c.audience());
        if (c.fingerprint() != null) {
            n.put("fingerprint", c.fingerprint());
        }
        putIfKnown(n, "expiresAt", c.expiresAt());
        n.put("status", c.status());
        putIfKnown(n, "createdAt", c.createdAt());
        return n;
    }

    private static void putIfKnown(ObjectNode n, String name, UUID id) {
        if (id != null) {
            n.put(name, id.toString());
        }
    }

    private static void putIfKnown(ObjectNode n, String name, OffsetDateTime time) {
        if (time != null) {
            n.put(name, DateTimeFormatter.ISO_INSTANT.format(time));
        }
    }
}
