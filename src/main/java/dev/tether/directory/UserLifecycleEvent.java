package dev.tether.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Fired synchronously (CDI) inside the transaction of every user write, so observers that
 * revoke, record or publish act atomically with it. {@code before} is null for a joiner,
 * {@code after} null for a deleted user.
 *
 * @param cause              one id shared by everything a single request caused
 * @param changedAttributes  top-level attribute names (canonical) whose values differ
 * @param droppedAttributes  paths of attributes the request held that no schema defines, left out
 *                           under the directory's {@code ignore} policy; empty otherwise
 */
public record UserLifecycleEvent(
        UUID directoryId,
        UUID userId,
        Lifecycle lifecycle,
        Cause cause,
        ObjectNode before,
        ObjectNode after,
        Set<String> changedAttributes,
        List<String> droppedAttributes) {

    public UserLifecycleEvent {
        droppedAttributes = droppedAttributes == null ? List.of() : List.copyOf(droppedAttributes);
    }

    public UserLifecycleEvent(UUID directoryId, UUID userId, Lifecycle lifecycle, Cause cause, ObjectNode before,
            ObjectNode after, Set<String> changedAttributes) {
        this(directoryId, userId, lifecycle, cause, before, after, changedAttributes, List.of());
    }
}
