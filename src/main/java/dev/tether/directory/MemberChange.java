package dev.tether.directory;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/** One change to a group's direct members, applied to membership rows in request order. */
public sealed interface MemberChange {

    /** A member to add; {@code type} is what the client said, checked against what the id is. */
    record Requested(UUID id, String type) {
    }

    record Add(List<Requested> members) implements MemberChange {
    }

    record Remove(Set<UUID> memberIds) implements MemberChange {
    }

    record RemoveAll() implements MemberChange {
    }

    /** The whole member list (PUT, or PATCH replace of {@code members}). */
    record ReplaceAll(List<Requested> members) implements MemberChange {
    }

    /** Removes members selected by a filter other than a plain {@code value eq}. */
    record RemoveMatching(Predicate<MemberRows.Member> filter) implements MemberChange {
    }
}
