package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.GroupChangeEvent;
import dev.tether.directory.Lifecycle;
import dev.tether.directory.MembershipEvent;
import dev.tether.directory.UserLifecycleEvent;
import dev.tether.platform.Clock;
import dev.tether.platform.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns the directory's in-transaction CDI events into outbox rows, in the same transaction
 * (synchronous observers run inside the firing write's transaction).
 */
@ApplicationScoped
public class DirectoryEventPublisher {

    private final Clock clock;

    private final EventOutbox outbox;
    private final ObjectMapper mapper;

    public DirectoryEventPublisher(EventOutbox outbox, ObjectMapper mapper, Clock clock) {
        this.clock = clock;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    void onUser(@Observes @Priority(ObserverOrder.PUBLISH) UserLifecycleEvent e) {
        String type = userEventType(e);
        if (type == null) {
            return;
        }
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", e.directoryId().toString());
        ObjectNode user = (e.after() != null ? e.after() : e.before()).deepCopy();
        user.put("id", e.userId().toString());
        data.set("user", user);
        // sorted, so receivers see a stable order; built directly (valueToTree goes through a serializer)
        new TreeSet<>(e.changedAttributes()).forEach(data.putArray("changedAttributes")::add);
        outbox.publish(new EventFact(e.directoryId(), type, "User", e.userId(), e.cause().txn(), clock.instant(), data));
    }

    /** Null when the write changed nothing a receiver could see. */
    static String userEventType(UserLifecycleEvent e) {
        if (e.lifecycle() == Lifecycle.JOINER) {
            return EventTypes.USER_CREATED;
        }
        if (e.lifecycle() == Lifecycle.LEAVER) {
            return e.after() == null ? EventTypes.USER_DELETED : EventTypes.USER_DEACTIVATED;
        }
        if (e.lifecycle() == Lifecycle.REJOINER) {
            return EventTypes.USER_REACTIVATED;
        }
        if (e.lifecycle() == Lifecycle.MOVER) {
            return EventTypes.USER_UPDATED;
        }
        return e.changedAttributes().isEmpty() ? null : EventTypes.USER_UPDATED;
    }

    /**
     * One event per member added or removed, subject the group. A deleted group's members are
     * each removed too (before group.deleted, same txn), so apps that track memberships need
     * not infer the exits from the group's disappearance.
     */
    void onMembership(@Observes @Priority(ObserverOrder.PUBLISH) MembershipEvent e) {
        Instant now = clock.instant();
        List<EventFact> facts = new ArrayList<>(e.added().size() + e.removed().size());
        for (MembershipEvent.MemberRef m : e.added()) {
            facts.add(memberFact(e, m, EventTypes.GROUP_MEMBER_ADDED, now));
        }
        for (MembershipEvent.MemberRef m : e.removed()) {
            facts.add(memberFact(e, m, EventTypes.GROUP_MEMBER_REMOVED, now));
        }
        outbox.publish(facts);
    }

    private EventFact memberFact(MembershipEvent e, MembershipEvent.MemberRef m, String type, Instant now) {
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", e.directoryId().toString());
        data.putObject("group").put("id", e.groupId().toString());
        data.putObject("member").put("id", m.id().toString()).put("type", m.type());
        return new EventFact(e.directoryId(), type, "Group", e.groupId(), e.cause().txn(), now, data);
    }

    void onGroup(@Observes @Priority(ObserverOrder.PUBLISH) GroupChangeEvent e) {
        String type = switch (e.kind()) {
            case CREATED -> EventTypes.GROUP_CREATED;
            case UPDATED -> EventTypes.GROUP_UPDATED;
            case DELETED -> EventTypes.GROUP_DELETED;
        };
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", e.directoryId().toString());
        ObjectNode group = (e.after() != null ? e.after() : e.before()).deepCopy();
        group.remove("members"); // member changes are their own events; a big group's list would swamp receivers
        group.put("id", e.groupId().toString());
        data.set("group", group);
        outbox.publish(new EventFact(e.directoryId(), type, "Group", e.groupId(), e.cause().txn(), clock.instant(), data));
    }

}
