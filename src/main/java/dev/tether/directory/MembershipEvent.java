package dev.tether.directory;

import dev.tether.platform.Cause;
import java.util.List;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction whenever a group's direct members change.
 * Each member added or removed is a mover; consumers that care about nested groups resolve
 * them from the membership rows, which already hold the new state.
 */
public record MembershipEvent(
        UUID directoryId,
        UUID groupId,
        Cause cause,
        List<MemberRef> added,
        List<MemberRef> removed,
        boolean groupDeleted) {

    /** A direct member: its id and resource type (User, Group or Agent). */
    public record MemberRef(UUID id, String type) {
    }

    public Lifecycle lifecycle() {
        return Lifecycle.MOVER;
    }
}
