package dev.tether.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.MembershipEvent.MemberRef;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;

/**
 * The groups of a directory and their members. A write locks the group row first, so
 * concurrent membership changes to one group apply one after another and none is lost (and
 * {@link GroupChangeCombiner} lets the ones that wait share a commit).
 */
@ApplicationScoped
public class GroupDirectory {

    private final Clock clock;

    private final GroupRows groups;
    private final MemberRows members;
    private final Transactions transactions;
    private final Event<MembershipEvent> membership;
    private final Event<GroupChangeEvent> changes;
    private final Event<AttributesDropped> dropped;
    private final TransactionSynchronizationRegistry transactionResources;

    public GroupDirectory(GroupRows groups, MemberRows members, Transactions transactions,
            Event<MembershipEvent> membership, Event<GroupChangeEvent> changes, Event<AttributesDropped> dropped,
            Clock clock, TransactionSynchronizationRegistry transactionResources) {
        this.transactionResources = transactionResources;
        this.dropped = dropped;
        this.clock = clock;
        this.groups = groups;
        this.members = members;
        this.transactions = transactions;
        this.membership = membership;
        this.changes = changes;
    }

    public StoredResource create(UUID directoryId, ObjectNode doc, List<MemberChange.Requested> initialMembers,
            Cause cause) {
        return create(directoryId, doc, initialMembers, cause, List.of());
    }

    /** Creates a group; {@code droppedAttributes} are what the request held that no schema defines. */
    public StoredResource create(UUID directoryId, ObjectNode doc, List<MemberChange.Requested> initialMembers,
            Cause cause, List<String> droppedAttributes) {
        return transactions.run(() -> {
            UUID id = UUID.randomUUID();
            StoredResource created = groups.insert(directoryId, id, doc, clock.now());
            changes.fire(new GroupChangeEvent(directoryId, id, GroupChangeEvent.Kind.CREATED, cause, null, doc,
                    droppedAttributes));
            List<MemberRef> added = members.add(directoryId, id, resolve(directoryId, id, initialMembers));
            if (!added.isEmpty()) {
                membership.fire(new MembershipEvent(directoryId, id, cause, added, List.of(), false));
            }
            return created;
        });
    }

    /**
     * Applies a document change and member changes to one group in one transaction.
     *
     * @param acceptVersion the If-Match check, or null when the client sent none
     */
    public StoredResource modify(UUID directoryId, UUID id, LongPredicate acceptVersion, UnaryOperator<ObjectNode> docChange,
            List<MemberChange> memberChanges, Cause cause) {
        return modify(directoryId, id, acceptVersion, docChange, memberChanges, cause, List.of());
    }

    /** As the other modify, naming the attributes the request held that no schema defines and were dropped. */
    public StoredResource modify(UUID directoryId, UUID id, LongPredicate acceptVersion, UnaryOperator<ObjectNode> docChange,
            List<MemberChange> memberChanges, Cause cause, List<String> droppedAttributes) {
        return transactions.run(() -> {
            StoredResource current = groups.lock(directoryId, id)
                    .orElseThrow(() -> new NotFoundInDirectoryException("Group", id));
            if (acceptVersion != null && !acceptVersion.test(current.version())) {
                throw new PreconditionFailedException();
            }
            ObjectNode after = docChange.apply(current.doc().deepCopy());
            MemberDelta delta = new MemberDelta();
            for (MemberChange change : memberChanges) {
                apply(directoryId, id, change, delta);
            }
            OffsetDateTime now = clock.now();
            StoredResource result = current;
            if (!after.equals(current.doc())) {
                result = groups.update(directoryId, current, after, now);
                changes.fire(new GroupChangeEvent(directoryId, id, GroupChangeEvent.Kind.UPDATED, cause,
                        current.doc(), after, droppedAttributes));
            } else if (!delta.isEmpty()) {
                long version = groups.touch(directoryId, id, now);
                result = new StoredResource(id, current.doc(), version, current.created(), now);
            }
            if (after.equals(current.doc()) && droppedAttributes != null && !droppedAttributes.isEmpty()) {
                dropped.fire(new AttributesDropped(directoryId, "Group", id, cause, droppedAttributes));
            }
            if (!delta.isEmpty()) {
                membership.fire(new MembershipEvent(directoryId, id, cause, delta.added(), delta.removed(), false));
            }
            return result;
        });
    }

    public void delete(UUID directoryId, UUID id, LongPredicate acceptVersion, Cause cause) {
        transactions.run(() -> {
            StoredResource current = groups.lock(directoryId, id)
                    .orElseThrow(() -> new NotFoundInDirectoryException("Group", id));
            if (acceptVersion != null && !acceptVersion.test(current.version())) {
                throw new PreconditionFailedException();
            }
            OffsetDateTime now = clock.now();
            List<MemberRef> former = members.removeAll(directoryId, id);
            for (UUID parent : members.removeEverywhere(directoryId, id)) {
                groups.touch(directoryId, parent, now);
                membership.fire(new MembershipEvent(directoryId, parent, cause, List.of(),
                        List.of(new MemberRef(id, "Group")), false));
            }
            groups.delete(directoryId, id);
            membership.fire(new MembershipEvent(directoryId, id, cause, List.of(), former, true));
            changes.fire(new GroupChangeEvent(directoryId, id, GroupChangeEvent.Kind.DELETED, cause, current.doc(),
                    null));
            return null;
        });
    }

    public Optional<StoredResource> find(UUID directoryId, UUID id) {
        return transactions.run(() -> groups.find(directoryId, id));
    }

    public ResourcePage list(UUID directoryId, ResourceQuery query) {
        return transactions.run(() -> groups.list(directoryId, query));
    }

    public Map<UUID, List<MemberRows.Member>> membersOf(UUID directoryId, List<UUID> groupIds) {
        return transactions.run(() -> members.membersOf(directoryId, groupIds));
    }

    /**
     * True when the group has at most {@code limit} members; reads at most limit + 1 rows, and
     * none when an earlier change of the same combined set already counted more.
     */
    public boolean memberCountAtMost(UUID directoryId, UUID groupId, int limit) {
        return transactions.run(() -> {
            KnownGroupSize known = knownSize();
            if (known != null && known.moreThan(groupId, limit)) {
                return false;
            }
            int counted = members.countUpTo(directoryId, groupId, limit + 1);
            if (known != null) {
                known.counted(groupId, counted);
            }
            return counted <= limit;
        });
    }

    private KnownGroupSize knownSize() {
        return (KnownGroupSize) transactionResources.getResource(KnownGroupSize.class);
    }

    private void apply(UUID directoryId, UUID groupId, MemberChange change, MemberDelta delta) throws SQLException {
        if (!(change instanceof MemberChange.Add)) {
            KnownGroupSize known = knownSize();
            if (known != null) {
                known.forget(); // this change may remove members
            }
        }
        if (change instanceof MemberChange.Add add) {
            delta.added(members.add(directoryId, groupId, resolve(directoryId, groupId, add.members())));
        } else if (change instanceof MemberChange.Remove remove) {
            delta.removed(members.remove(directoryId, groupId, remove.memberIds()));
        } else if (change instanceof MemberChange.RemoveAll) {
            delta.removed(members.removeAll(directoryId, groupId));
        } else if (change instanceof MemberChange.ReplaceAll replace) {
            List<MemberRef> wanted = resolve(directoryId, groupId, replace.members());
            Set<UUID> keep = new HashSet<>();
            wanted.forEach(m -> keep.add(m.id()));
            delta.removed(members.remove(directoryId, groupId, currentMembers(directoryId, groupId, m -> !keep.contains(m.id()))));
            delta.added(members.add(directoryId, groupId, wanted));
        } else if (change instanceof MemberChange.RemoveMatching matching) {
            delta.removed(members.remove(directoryId, groupId, currentMembers(directoryId, groupId, matching.filter())));
        }
    }

    private List<UUID> currentMembers(UUID directoryId, UUID groupId, java.util.function.Predicate<MemberRows.Member> which)
            throws SQLException {
        List<UUID> ids = new ArrayList<>();
        for (MemberRows.Member m : members.membersOf(directoryId, List.of(groupId)).get(groupId)) {
            if (which.test(m)) {
                ids.add(m.id());
            }
        }
        return ids;
    }

    /**
     * Checks that every requested member is a user or group of this directory (and not the
     * group itself) and takes its real type from the row found.
     */
    private List<MemberRef> resolve(UUID directoryId, UUID groupId, List<MemberChange.Requested> requested)
            throws SQLException {
        if (requested.isEmpty()) {
            return List.of();
        }
        Map<UUID, MemberChange.Requested> unique = new LinkedHashMap<>();
        for (MemberChange.Requested r : requested) {
            if (r.id().equals(groupId)) {
                throw new InvalidMemberException("a group cannot be a member of itself");
            }
            unique.putIfAbsent(r.id(), r);
        }
        Map<UUID, String> found = members.existingMembers(directoryId, unique.keySet());
        List<MemberRef> out = new ArrayList<>(unique.size());
        for (MemberChange.Requested r : unique.values()) {
            String type = found.get(r.id());
            if (type == null) {
                throw new InvalidMemberException("member " + r.id() + " is not a User, Group or Agent in this directory");
            }
            if (r.type() != null && !r.type().equalsIgnoreCase(type)) {
                throw new InvalidMemberException("member " + r.id() + " is a " + type + ", not a " + r.type());
            }
            out.add(new MemberRef(r.id(), type));
        }
        return out;
    }

    /** The net effect of a request's member changes, for the event. */
    private static final class MemberDelta {
        private final Map<UUID, MemberRef> added = new LinkedHashMap<>();
        private final Map<UUID, MemberRef> removed = new LinkedHashMap<>();

        void added(List<MemberRef> refs) {
            for (MemberRef r : refs) {
                if (removed.remove(r.id()) == null) {
                    added.put(r.id(), r);
                }
            }
        }

        void removed(List<MemberRef> refs) {
            for (MemberRef r : refs) {
                if (added.remove(r.id()) == null) {
                    removed.put(r.id(), r);
                }
            }
        }

        List<MemberRef> added() {
            return List.copyOf(added.values());
        }

        List<MemberRef> removed() {
            return List.copyOf(removed.values());
        }

        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }
}
