package dev.tether.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction of every group write that changes the group's
 * document or existence (member changes fire {@link MembershipEvent} instead). {@code before}
 * is null on create, {@code after} null on delete.
 */
public record GroupChangeEvent(UUID directoryId, UUID groupId, Kind kind, Cause cause, ObjectNode before,
        ObjectNode after) {

    public enum Kind {
        CREATED, UPDATED, DELETED
    }
}
