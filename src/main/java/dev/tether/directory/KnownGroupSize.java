package dev.tether.directory;

import java.util.UUID;

/**
 * What a combined set of changes to one group (see {@link GroupChangeCombiner}) has learnt of the
 * group's size: at least so many members. A write response lists members only for a small group,
 * and counting "more than the limit?" reads limit + 1 index entries; without this, every change of
 * a set to a 100 000-member group paid that count again inside the group's turn.
 *
 * <p>The bound only ever comes from a count. Adding members cannot make it false, so adds leave it
 * alone; a change that may remove members, and a change rolled back to its savepoint (its count
 * may have included its own adds), make it forgotten. It lives for one transaction only.
 */
final class KnownGroupSize {

    private final UUID groupId;
    private int atLeast;

    KnownGroupSize(UUID groupId) {
        this.groupId = groupId;
    }

    /** True when the group is known to have more than {@code limit} members. */
    boolean moreThan(UUID group, int limit) {
        return groupId.equals(group) && atLeast > limit;
    }

    /** A count of the group's members, capped: the group has at least {@code counted}. */
    void counted(UUID group, int counted) {
        if (groupId.equals(group)) {
            atLeast = counted;
        }
    }

    void forget() {
        atLeast = 0;
    }
}
