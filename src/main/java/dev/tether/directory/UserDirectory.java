package dev.tether.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.HeldWrites;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;

/**
 * The users of a directory: every write runs in one transaction that also classifies it
 * (joiner, mover, leaver, rejoiner) and fires the classification to observers inside it.
 */
@ApplicationScoped
public class UserDirectory {

    private final Clock clock;

    private final UserRows users;
    private final MemberRows members;
    private final Transactions transactions;
    private final Event<UserLifecycleEvent> lifecycle;
    private final Event<MembershipEvent> membership;
    private final Event<AttributesDropped> dropped;
    private final GroupRows groups;
    private final HeldWrites held;

    public UserDirectory(UserRows users, GroupRows groups, MemberRows members, Transactions transactions,
            Event<UserLifecycleEvent> lifecycle, Event<MembershipEvent> membership, Event<AttributesDropped> dropped,
            Clock clock, HeldWrites held) {
        this.held = held;
        this.dropped = dropped;
        this.clock = clock;
        this.users = users;
        this.groups = groups;
        this.members = members;
        this.transactions = transactions;
        this.lifecycle = lifecycle;
        this.membership = membership;
    }

    public StoredResource create(UUID directoryId, ObjectNode doc, Cause cause) {
        return create(directoryId, doc, cause, List.of());
    }

    /** Creates a user; {@code droppedAttributes} are what the request held that no schema defines. */
    public StoredResource create(UUID directoryId, ObjectNode doc, Cause cause, List<String> droppedAttributes) {
        return transactions.run(() -> {
            // The row, its event and its audit record go to the database together, in one round
            // trip: no observer of a joiner reads the new row.
            StoredResource created = users.insertHeld(held, directoryId, UUID.randomUUID(), doc, clock.now());
            lifecycle.fire(new UserLifecycleEvent(directoryId, created.id(), Lifecycle.JOINER, cause, null, doc,
                    LifecycleClassifier.changedAttributes(doc.objectNode(), doc), droppedAttributes));
            sendHeld(doc);
            return created;
        });
    }

    /**
     * Replaces the document with what {@code change} makes of the current one (PUT and PATCH).
     * The row stays locked from read to write, so concurrent changes apply one after another.
     *
     * @param acceptVersion the If-Match check, or null when the client sent none
     */
    public StoredResource modify(UUID directoryId, UUID id, LongPredicate acceptVersion, UnaryOperator<ObjectNode> change,
            Cause cause) {
        return modify(directoryId, id, acceptVersion, change, cause, List.of());
    }

    /** As {@link #modify(UUID, UUID, LongPredicate, UnaryOperator, Cause)}, naming what the request dropped. */
    public StoredResource modify(UUID directoryId, UUID id, LongPredicate acceptVersion, UnaryOperator<ObjectNode> change,
            Cause cause, List<String> droppedAttributes) {
        return transactions.run(() -> {
            StoredResource current = users.lock(directoryId, id)
                    .orElseThrow(() -> new NotFoundInDirectoryException("User", id));
            if (acceptVersion != null && !acceptVersion.test(current.version())) {
                throw new PreconditionFailedException();
            }
            ObjectNode after = change.apply(current.doc().deepCopy());
            if (after.equals(current.doc())) {
                if (droppedAttributes != null && !droppedAttributes.isEmpty()) {
                    dropped.fire(new AttributesDropped(directoryId, "User", id, cause, droppedAttributes));
                }
                return current;
            }
            // Held like a create's insert: the observers of a user write do not read the user's row
            // (a leaver's cascade reads delegations, agents and credentials).
            StoredResource updated = users.updateHeld(held, directoryId, current, after, clock.now());
            Set<String> changed = LifecycleClassifier.changedAttributes(current.doc(), after);
            lifecycle.fire(new UserLifecycleEvent(directoryId, id, LifecycleClassifier.classify(current.doc(), after),
                    cause, current.doc(), after, changed, droppedAttributes));
            sendHeld(after);
            return updated;
        });
    }

    public void delete(UUID directoryId, UUID id, LongPredicate acceptVersion, Cause cause) {
        transactions.run(() -> {
            StoredResource current = users.lock(directoryId, id)
                    .orElseThrow(() -> new NotFoundInDirectoryException("User", id));
            if (acceptVersion != null && !acceptVersion.test(current.version())) {
                throw new PreconditionFailedException();
            }
            // The leaver is published first: what derives from this user is revoked as a leaver's,
            // before the group exits below could make it look like a mover's.
            lifecycle.fire(new UserLifecycleEvent(directoryId, id, Lifecycle.LEAVER, cause, current.doc(), null,
                    Set.of()));
            OffsetDateTime now = clock.now();
            List<UUID> leftGroups = members.removeEverywhere(directoryId, id);
            for (UUID groupId : leftGroups) {
                groups.touch(directoryId, groupId, now);
                membership.fire(new MembershipEvent(directoryId, groupId, cause, List.of(),
                        List.of(new MembershipEvent.MemberRef(id, "User")), false));
            }
            users.delete(directoryId, id);
            return null;
        });
    }

    /** A user and the groups it is in, read in one transaction (a GET's whole read). */
    public record UserWithGroups(StoredResource user, List<MemberRows.Membership> groups) {
    }

    /** @param withGroups false when the caller will not show groups, so they are not read */
    public Optional<UserWithGroups> findWithGroups(UUID directoryId, UUID id, boolean withGroups) {
        // One statement: outside a use case's transaction it needs none of its own (no JTA, no commit).
        return transactions.readOneStatement(users.dataSource, c -> users.findWithGroups(c, directoryId, id, withGroups));
    }

    public ResourcePage list(UUID directoryId, ResourceQuery query) {
        return transactions.run(() -> users.list(directoryId, query));
    }

    /**
     * A page of users and the groups of each (empty when not asked for), read in one snapshot: a
     * first page that is not full in one statement (its size is the total), any other page with
     * its count in one transaction. It opens its own transaction when it needs one.
     */
    public record UserPage(ResourcePage page, Map<UUID, List<MemberRows.Membership>> groups) {
    }

    public UserPage listWithGroups(UUID directoryId, ResourceQuery query, boolean withGroups) {
        if (query.offset() == 0 && query.limit() > 0) {
            // an IdP's lookup (userName eq "…") finds one user or none: one statement, no transaction
            Optional<UserPage> partial = transactions.readOneStatement(users.dataSource,
                    c -> users.partialFirstPageWithGroups(c, directoryId, query, withGroups));
            if (partial.isPresent()) {
                return partial.get();
            }
        }
        return transactions.run(() -> {
            ResourcePage page = users.list(directoryId, query);
            Map<UUID, List<MemberRows.Membership>> in = withGroups && !page.resources().isEmpty()
                    ? members.groupsOf(directoryId, page.resources().stream().map(StoredResource::id).toList())
                    : Map.of();
            return new UserPage(page, in);
        });
    }

    public List<MemberRows.Membership> groupsOf(UUID directoryId, UUID userId) {
        return transactions.run(() -> members.groupsOf(directoryId, List.of(userId)).get(userId));
    }

    public Map<UUID, List<MemberRows.Membership>> groupsOf(UUID directoryId, List<UUID> userIds) {
        return transactions.run(() -> members.groupsOf(directoryId, userIds));
    }

    /** Sends the row with what its observers held; a userName already taken fails here. */
    private void sendHeld(ObjectNode doc) {
        try {
            held.send();
        } catch (DataAccessException e) {
            throw e.getCause() instanceof SQLException s ? translate(s, doc) : e;
        }
    }

    private static RuntimeException translate(SQLException e, ObjectNode doc) {
        if (Jdbc.isUniqueViolation(e)) {
            return new UniquenessException("userName \"" + doc.path("userName").asText()
                    + "\" is already taken in this directory");
        }
        return new DataAccessException(e);
    }

}
