package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.scim.filter.Filter;
import dev.tether.scim.schema.MemberRef;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One change to a group's membership, taken out of a PATCH by {@link MembershipPatch} so the
 * server can apply it to membership rows instead of rewriting a members array.
 * Apply them in list order.
 */
public sealed interface MemberChange {

    /** Add these members; ones already present stay as they are. */
    record Add(List<MemberRef> members) implements MemberChange {
        public Add {
            members = List.copyOf(members);
        }
    }

    /** Remove the members with these ids; ids that are not members are ignored. */
    record Remove(Set<String> values) implements MemberChange {
        public Remove {
            values = Set.copyOf(values);
        }
    }

    /** Remove every member. */
    record RemoveAll() implements MemberChange {
    }

    /** The membership becomes exactly these members. */
    record ReplaceAll(List<MemberRef> members) implements MemberChange {
        public ReplaceAll {
            members = List.copyOf(members);
        }
    }

    /**
     * Remove the members the filter matches. The predicate is tested on a member element
     * {@code {"value":..., "type":..., "display":...}} built from the row.
     *
     * @param filter  the filter of {@code members[...]}
     * @param matches the filter evaluated on one member element
     */
    record RemoveMatching(Filter filter, Predicate<JsonNode> matches) implements MemberChange {
    }
}
