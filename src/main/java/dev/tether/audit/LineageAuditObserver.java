package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.directory.LifecycleClassifier;
import dev.tether.lineage.AgentChangeEvent;
import dev.tether.lineage.Credential;
import dev.tether.lineage.CredentialRegistered;
import dev.tether.lineage.Delegation;
import dev.tether.lineage.DelegationGranted;
import dev.tether.lineage.DelegationNarrowed;
import dev.tether.lineage.LineageViews;
import dev.tether.lineage.RevocationBatch;
import dev.tether.lineage.RevocationEvent;
import dev.tether.lineage.RevocationReason;
import dev.tether.lineage.UserHold;
import dev.tether.lineage.UserHoldChanged;
import dev.tether.platform.Cause;
import dev.tether.platform.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One audit record per lineage fact, inside the transaction that made it true: agents written
 * through SCIM, delegations granted, credentials registered, and each revocation and suspension
 * (a cascade's as one statement). Revocations set off by a leaver, a mover, an agent disabled
 * through SCIM or expiry are Tether's own doing, so their actor is system; a manual revocation
 * (an operator's DELETE) names the one who asked, for the revoked object and for everything its
 * cascade revoked below it. details.rootUser puts each on its root user's trail.
 */
@ApplicationScoped
public class LineageAuditObserver {

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public LineageAuditObserver(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    void onAgent(@Observes @Priority(ObserverOrder.AUDIT) AgentChangeEvent e) {
        String action = switch (e.kind()) {
            case CREATED -> "agent.create";
            case DELETED -> "agent.delete";
            case UPDATED -> "agent.update";
        };
        AuditEntry entry = AuditEntry.of(e.directoryId(), action)
                .target("Agent", e.agentId())
                .cause(e.cause())
                .lifecycle(LifecycleClassifier.classify(e.before(), e.after()))
                .before(e.before())
                .after(e.after());
        if (e.kind() != AgentChangeEvent.Kind.DELETED && !e.changedAttributes().isEmpty()) {
            ArrayNode changed = mapper.createArrayNode();
            new TreeSet<>(e.changedAttributes()).forEach(changed::add);
            entry.detail("changedAttributes", changed);
        }
        DirectoryAuditObserver.dropped(entry, e.droppedAttributes());
        audit.append(entry);
    }

    void onDelegation(@Observes @Priority(ObserverOrder.AUDIT) DelegationGranted e) {
        Delegation d = e.delegation();
        audit.append(AuditEntry.of(d.directoryId(), "delegation.create")
                .target("Delegation", d.id())
                .cause(e.cause())
                .after(LineageViews.delegation(mapper, d))
                .detail("rootUser", d.rootUserId().toString())
                .detail("agent", d.agentId().toString())
                .detail("delegator", mapper.createObjectNode().put("type", d.delegatorType())
                        .put("id", d.delegatorId().toString()))
                .detail("kind", d.kind()));
    }

    void onCredential(@Observes @Priority(ObserverOrder.AUDIT) CredentialRegistered e) {
        Credential c = e.credential();
        audit.append(AuditEntry.of(c.directoryId(), "credential.register")
                .target("Credential", c.id())
                .cause(e.cause())
                .after(LineageViews.credential(mapper, c))
                .detail("rootUser", e.rootUserId().toString())
                .detail("delegation", c.delegationId().toString())
                .detail("agent", c.agentId().toString())
                .detail("kind", c.kind()));
    }

    /**
     * A user put on hold by a signal, or released (by the IdP's SCIM or an operator). The cause's
     * actor acted (the signal source, the SCIM token, the operator); on the user's own trail by
     * details.rootUser.
     */
    void onHold(@Observes @Priority(ObserverOrder.AUDIT) UserHoldChanged e) {
        UserHold h = e.hold();
        boolean placed = e.kind() == UserHoldChanged.Kind.PLACED;
        AuditEntry entry = AuditEntry.of(h.directoryId(), placed ? "user.hold" : "user.hold.release")
                .target("User", h.userId())
                .cause(e.cause())
                .detail("rootUser", h.userId().toString())
                .detail("reason", h.reason());
        if (!placed) {
            entry.detail("releasedBy", e.released());
        }
        putIfKnown(entry, "signalSource", h.sourceId());
        if (h.jti() != null) {
            entry.detail("issuer", h.issuer()).detail("jti", h.jti());
        }
        audit.append(entry);
    }

    void onRevocations(@Observes @Priority(ObserverOrder.AUDIT) RevocationBatch batch) {
        List<AuditEntry> records = new ArrayList<>(batch.revocations().size());
        for (RevocationEvent fact : batch.revocations()) {
            records.add(record(fact, batch.cause()));
        }
        audit.appendAll(records);
    }

    private static AuditEntry record(RevocationEvent fact, Cause cause) {
        AuditEntry entry = AuditEntry.of(fact.directoryId(), action(fact.kind()))
                .actor(byWhoAsked(fact.reason()) ? cause.actor() : Cause.Actor.SYSTEM)
                .target(fact.subjectType(), fact.subjectId())
                .cause(cause)
                .detail("reason", fact.reason().code());
        // the user-trail endpoint finds a leaver's consequences by details.rootUser
        putIfKnown(entry, "rootUser", fact.rootUserId());
        putIfKnown(entry, "delegation", fact.delegationId());
        putIfKnown(entry, "agent", fact.agentId());
        putIfKnown(entry, "credential", fact.credentialId());
        return entry;
    }

    /**
     * A manual revocation names the operator; a reviewer's is theirs (a campaign's no-answer rule
     * runs as system, so its cause names system anyway).
     */
    private static boolean byWhoAsked(RevocationReason reason) {
        return reason.equals(RevocationReason.MANUAL) || reason.equals(RevocationReason.RECERTIFICATION);
    }

    /** A delegation narrowed to fewer scopes: a new version, by the one who decided it. */
    void onNarrowed(@Observes @Priority(ObserverOrder.AUDIT) DelegationNarrowed e) {
        List<AuditEntry> records = new ArrayList<>(e.changes().size());
        for (DelegationNarrowed.Change c : e.changes()) {
            Delegation d = c.delegation();
            ArrayNode oldScopes = mapper.createArrayNode();
            c.oldScopes().forEach(oldScopes::add);
            ArrayNode newScopes = mapper.createArrayNode();
            d.scopes().forEach(newScopes::add);
            records.add(AuditEntry.of(d.directoryId(), "delegation.narrow")
                    .target("Delegation", d.id())
                    .cause(e.cause())
                    .after(LineageViews.delegation(mapper, d))
                    .detail("rootUser", d.rootUserId().toString())
                    .detail("agent", d.agentId().toString())
                    .detail("version", Integer.toString(d.version()))
                    .detail("oldScopes", oldScopes)
                    .detail("newScopes", newScopes));
        }
        audit.appendAll(records);
    }

    private static void putIfKnown(AuditEntry entry, String name, UUID id) {
        if (id != null) {
            entry.detail(name, id.toString());
        }
    }

    private static String action(RevocationEvent.Kind kind) {
        return switch (kind) {
            case DELEGATION_REVOKED -> "delegation.revoke";
            case CREDENTIAL_REVOKED -> "credential.revoke";
            case AGENT_SUSPENDED -> "agent.suspend";
        };
    }
}
