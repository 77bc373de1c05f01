package dev.tether.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.AttributesDropped;
import dev.tether.directory.DirectoryAdministered;
import dev.tether.directory.GroupChangeEvent;
import dev.tether.directory.MembershipEvent;
import dev.tether.directory.UserLifecycleEvent;
import dev.tether.platform.ObserverOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.TreeSet;

/**
 * One audit record per SCIM write and per operator change to a directory or its tokens. The
 * directory fires its events synchronously inside the
 * write's transaction, so a write that fails leaves no record and a record never outlives
 * its write.
 */
@ApplicationScoped
public class DirectoryAuditObserver {

    private final AuditLog audit;

    public DirectoryAuditObserver(AuditLog audit) {
        this.audit = audit;
    }

    void onUser(@Observes @Priority(ObserverOrder.AUDIT) UserLifecycleEvent event) {
        String action = event.before() == null ? "user.create" : event.after() == null ? "user.delete" : "user.update";
        AuditEntry entry = AuditEntry.of(event.directoryId(), action)
                .target("User", event.userId())
                .cause(event.cause())
                .lifecycle(event.lifecycle())
                .before(event.before())
                .after(event.after());
        if (event.changedAttributes() != null && !event.changedAttributes().isEmpty()) {
            ArrayNode changed = entry.details.putArray("changedAttributes");
            new TreeSet<>(event.changedAttributes()).forEach(changed::add);
        }
        dropped(entry, event.droppedAttributes());
        audit.append(entry);
    }

    void onMembership(@Observes @Priority(ObserverOrder.AUDIT) MembershipEvent event) {
        AuditEntry entry = AuditEntry.of(event.directoryId(), "group.members.change")
                .target("Group", event.groupId())
                .cause(event.cause())
                .lifecycle(event.lifecycle());
        entry.details.set("added", members(event.added()));
        entry.details.set("removed", members(event.removed()));
        if (event.groupDeleted()) {
            entry.details.put("groupDeleted", true);
        }
        audit.append(entry);
    }

    void onGroup(@Observes @Priority(ObserverOrder.AUDIT) GroupChangeEvent event) {
        String action = switch (event.kind()) {
            case CREATED -> "group.create";
            case UPDATED -> "group.update";
            case DELETED -> "group.delete";
        };
        AuditEntry entry = AuditEntry.of(event.directoryId(), action)
                .target("Group", event.groupId())
                .cause(event.cause())
                .before(event.before())
                .after(event.after());
        dropped(entry, event.droppedAttributes());
        audit.append(entry);
    }

    /** An operator's change to a directory or its tokens, from the admin API or the console. */
    void onAdministered(@Observes @Priority(ObserverOrder.AUDIT) DirectoryAdministered event) {
        AuditEntry entry = AuditEntry.of(event.directoryId(), event.action())
                .target(event.targetType(), event.targetId())
                .cause(event.cause());
        event.details().forEach(entry::detail);
        audit.append(entry);
    }

    /** A write that changed nothing but drop attributes: still on the trail, with its request. */
    void onDropped(@Observes @Priority(ObserverOrder.AUDIT) AttributesDropped event) {
        AuditEntry entry = AuditEntry.of(event.directoryId(), "scim.attributes.dropped")
                .target(event.resourceType(), event.resourceId())
                .cause(event.cause());
        dropped(entry, event.attributes());
        audit.append(entry);
    }

    /** Attributes the IdP sent that no schema defines, left out under the directory's ignore policy. */
    static void dropped(AuditEntry entry, List<String> droppedAttributes) {
        if (droppedAttributes != null && !droppedAttributes.isEmpty()) {
            ArrayNode dropped = entry.details.putArray("droppedAttributes");
            droppedAttributes.forEach(dropped::add);
        }
    }

    private static ArrayNode members(List<MembershipEvent.MemberRef> refs) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (MembershipEvent.MemberRef ref : refs) {
            ObjectNode m = out.addObject();
            m.put("id", ref.id().toString());
            m.put("type", ref.type());
        }
        return out;
    }
}
