package dev.tether.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import java.util.List;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction of every group write that changes the group's
 * document or existence (member changes fire {@link MembershipEvent} instead). {@code before}
 * is null on create, {@code after} null on delete. {@code droppedAttributes}: paths of attributes the
 * request held that no schema defines, left out under the directory's {@code ignore} policy.
 */
public record GroupChangeEvent(UUID directoryId, UUID groupId, Kind kind, Cause cause, ObjectNode before,
        ObjectNode after, List<String> droppedAttributes) {

    public GroupChangeEvent {
        droppedAttributes = droppedAttributes == null ? List.of() : List.copyOf(droppedAttributes);
    }

    public GroupChangeEvent(UUID directoryId, UUID groupId, Kind kind, Cause cause, ObjectNode before,
            ObjectNode after) {
        this(directoryId, groupId, kind, cause, before, after, List.of());
    }

    public enum Kind {
        CREATED, UPDATED, DELETED
    }
}
