package dev.tether.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import java.util.Set;
import java.util.UUID;

/**
 * Fired synchronously (CDI) inside the transaction of every user write, so observers that
 * revoke, record or publish act atomically with it. {@code before} is null for a joiner,
 * {@code after} null for a deleted user.
 *
 * @param cause              one id shared by everything a single request caused
 * @param changedAttributes  top-level attribute names (canonical) whose values differ
 */
public record UserLifecycleEvent(
        UUID directoryId,
        UUID userId,
        Lifecycle lifecycle,
        Cause cause,
        ObjectNode before,
        ObjectNode after,
        Set<String> changedAttributes) {
}
