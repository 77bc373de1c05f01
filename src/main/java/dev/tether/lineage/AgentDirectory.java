package dev.tether.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.AttributesDropped;
import dev.tether.directory.GroupRows;
import dev.tether.directory.LifecycleClassifier;
import dev.tether.directory.MemberRows;
import dev.tether.directory.MembershipEvent;
import dev.tether.directory.NotFoundInDirectoryException;
import dev.tether.directory.PreconditionFailedException;
import dev.tether.directory.ResourcePage;
import dev.tether.directory.ResourceQuery;
import dev.tether.directory.StoredResource;
import dev.tether.directory.UniquenessException;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;

/**
 * The agents of a directory. Like users, the row stays locked from read to write; unlike
 * users, a write also keeps the lineage in step: owners added become sponsor delegations,
 * owners removed lose theirs, and an agent disabled or deleted takes its delegations and
 * credentials (and whatever derives from them) with it, in the same transaction.
 */
@ApplicationScoped
public class AgentDirectory {

    private final Clock clock;

    private final AgentRows agents;
    private final MemberRows members;
    private final Delegations delegations;
    private final CascadeRevocation cascade;
    private final Transactions transactions;
    private final Event<MembershipEvent> membership;
    private final GroupRows groups;
    private final Event<AgentChangeEvent> changes;
    private final Event<RevocationBatch> revocations;
    private final Event<AttributesDropped> dropped;

    public AgentDirectory(AgentRows agents, MemberRows members, Delegations delegations, CascadeRevocation cascade,
            Transactions transactions, Event<MembershipEvent> membership, GroupRows groups,
            Event<AgentChangeEvent> changes, Event<RevocationBatch> revocations, Event<AttributesDropped> dropped,
            Clock clock) {
        this.clock = clock;
        this.agents = agents;
        this.members = members;
        this.delegations = delegations;
        this.cascade = cascade;
        this.transactions = transactions;
        this.membership = membership;
        this.groups = groups;
        this.changes = changes;
        this.revocations = revocations;
        this.dropped = dropped;
    }

    /** Creates an agent; {@code droppedAttributes} are what the request held that no schema defines. */
    public StoredResource create(UUID directoryId, ObjectNode doc, Cause cause, List<String> droppedAttributes) {
        return transactions.run(() -> {
            StoredResource created;
            try {
                created = agents.insert(directoryId, UUID.randomUUID(), doc, clock.now());
            } catch (SQLException e) {
                throw translate(e, doc);
            }
            // before the owners' sponsor delegations, so receivers hear of the agent first
            changes.fire(new AgentChangeEvent(directoryId, created.id(), AgentChangeEvent.Kind.CREATED, cause, null,
                    created.doc(), LifecycleClassifier.changedAttributes(created.doc().objectNode(), created.doc()),
                    droppedAttributes));
            syncOwners(directoryId, created.id(), null, doc, cause);
            return created;
        });
    }

    /**
     * A deleted user owns nothing: they leave the {@code owners} of every agent that lists them,
     * each a change of that agent like any other (its event and audit record; the sponsor
     * delegations the user granted were already revoked with the leaver's cascade).
     */
    public void forgetOwner(UUID directoryId, UUID userId, Cause cause) {
        transactions.run(() -> {
            for (UUID agentId : agents.ownedBy(directoryId, userId)) {
                modify(directoryId, agentId, null, doc -> withoutOwner(doc, userId), cause, List.of());
            }
            return null;
        });
    }

    private static ObjectNode withoutOwner(ObjectNode doc, UUID userId) {
        ArrayNode kept = doc.arrayNode();
        for (JsonNode owner : doc.path("owners")) {
            if (!userId.toString().equalsIgnoreCase(owner.path("value").asText(""))) {
                kept.add(owner);
            }
        }
        if (kept.isEmpty()) {
            doc.remove("owners");
        } else {
            doc.set("owners", kept);
        }
        return doc;
    }

    /**
     * PUT and PATCH: the row stays locked from read to write. {@code droppedAttributes} are what
     * the request held that no schema defines.
     */
    public StoredResource modify(UUID directoryId, UUID id, LongPredicate acceptVersion, UnaryOperator<ObjectNode> change,
            Cause cause, List<String> droppedAttributes) {
        return transactions.run(() -> {
            StoredResource current = agents.lock(directoryId, id)
                    .orElseThrow(() -> new NotFoundInDirectoryException("Agent", id));
            if (acceptVersion != null && !acceptVersion.test(current.version())) {
                throw new PreconditionFailedException();
            }
            ObjectNode after = change.apply(current.doc().deepCopy());
            if (after.equals(current.doc())) {
                if (!droppedAttributes.isEmpty()) {
                    dropped.fire(new AttributesDropped(directoryId, "Agent", id, cause, droppedAttributes));
                }
                return current;
            }
            StoredResource updated;
            try {
                updated = agents.update(directoryId, current, after, clock.now());
            } catch (SQLException e) {
                throw translate(e, after);
            }
            changes.fire(new AgentChangeEvent(directoryId, id, AgentChangeEvent.Kind.UPDATED, cause, current.doc(),
                    updated.doc(), LifecycleClassifier.changedAttributes(current.doc(), updated.doc()), droppedAttributes));
            if (AgentRows.isActive(current.doc()) && !AgentRows.isActive(after)) {
                // the cascade only suspends agents still active; this one the write itself disabled
                revocations.fire(new RevocationBatch(cause, List.of(new RevocationEvent(directoryId,
                        RevocationEvent.Kind.AGENT_SUSPENDED, null, null, id, null, RevocationReason.AGENT_DISABLED,
                        clock.now(), null, new LineageContext(new LineageContext.Agent(id, after.path("name").asText(null),
                                after.path("externalId").asText(null)), null, List.of())))));
                cascade.revokeForAgent(directoryId, id, cause);
            }
            syncOwners(directoryId, id, current.doc(), after, cause);
            return updated;
        });
    }

    public void delete(UUID directoryId, UUID id, LongPredicate acceptVersion, Cause cause) {
        transactions.run(() -> {
            StoredResource current = agents.lock(directoryId, id)
                    .orElseThrow(() -> new NotFoundInDirectoryException("Agent", id));
            if (acceptVersion != null && !acceptVersion.test(current.version())) {
                throw new PreconditionFailedException();
            }
            // published first, as for users: its group exits and revocations follow in the same txn
            changes.fire(new AgentChangeEvent(directoryId, id, AgentChangeEvent.Kind.DELETED, cause, current.doc(), null,
                    Set.of(), List.of()));
            for (UUID groupId : members.removeEverywhere(directoryId, id)) {
                groups.touch(directoryId, groupId, clock.now());
                membership.fire(new MembershipEvent(directoryId, groupId, cause, List.of(),
                        List.of(new MembershipEvent.MemberRef(id, "Agent")), false));
            }
            agents.delete(directoryId, id);
            cascade.revokeForAgent(directoryId, id, cause);
            return null;
        });
    }

    public Optional<StoredResource> find(UUID directoryId, UUID id) {
        return transactions.run(() -> agents.find(directoryId, id));
    }

    public ResourcePage list(UUID directoryId, ResourceQuery query) {
        return transactions.run(() -> agents.list(directoryId, query));
    }

    public Map<UUID, List<MemberRows.Membership>> groupsOf(UUID directoryId, List<UUID> agentIds) {
        return transactions.run(() -> members.groupsOf(directoryId, agentIds));
    }

    /** The display name of every owner these agents list, for owners' {@code display}. */
    public Map<UUID, String> ownerNames(UUID directoryId, Collection<StoredResource> rows) {
        Set<UUID> owners = new LinkedHashSet<>();
        for (StoredResource row : rows) {
            for (JsonNode owner : row.doc().path("owners")) {
                canonicalId(owner.path("value").asText("")).ifPresent(owners::add);
            }
        }
        return transactions.run(() -> agents.userDisplays(directoryId, owners));
    }

    /**
     * Owners added become sponsor delegations (while the agent is active: an inactive agent
     * cannot be granted anything); owners removed have their sponsor delegations revoked.
     */
    private void syncOwners(UUID directoryId, UUID agentId, ObjectNode before, ObjectNode after, Cause cause)
            throws SQLException {
        Set<UUID> was = before == null ? Set.of() : owners(before);
        Set<UUID> now = owners(after);
        List<UUID> revoke = new ArrayList<>();
        for (Delegation d : delegations.activeSponsorships(directoryId, agentId)) {
            if (was.contains(d.delegatorId()) && !now.contains(d.delegatorId())) {
                revoke.add(d.id());
            }
        }
        if (!revoke.isEmpty()) {
            cascade.revokeDelegations(directoryId, revoke, RevocationReason.MANUAL, cause);
        }
        if (!AgentRows.isActive(after)) {
            return;
        }
        for (UUID owner : now) {
            if (!was.contains(owner)) {
                delegations.create(directoryId, new Delegations.Grant("User", owner, agentId, List.of(), null,
                        null, null, List.of(), Delegations.SPONSOR, null), cause);
            }
        }
    }

    private static Set<UUID> owners(ObjectNode doc) {
        Set<UUID> out = new LinkedHashSet<>();
        for (JsonNode owner : doc.path("owners")) {
            String value = owner.path("value").asText(null);
            if (value == null) {
                throw LineageRefusal.invalid("every owner needs a \"value\": the id of a User");
            }
            out.add(canonicalId(value).orElseThrow(() ->
                    LineageRefusal.invalid("owner \"" + value + "\" is not the id of a User in this directory")));
        }
        return out;
    }

    /** Only the canonical form names a resource: UUID.fromString also takes short forms like "1-1-1-1-1". */
    private static Optional<UUID> canonicalId(String value) {
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static RuntimeException translate(SQLException e, ObjectNode doc) {
        if ("23505".equals(e.getSQLState())) {
            return new UniquenessException("name \"" + doc.path("name").asText() + "\" is already taken in this directory");
        }
        return new DataAccessException(e);
    }

}
