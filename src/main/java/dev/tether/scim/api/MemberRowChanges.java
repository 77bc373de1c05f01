package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.MemberChange;
import dev.tether.directory.MemberRows;
import dev.tether.scim.schema.MemberRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The one place where member changes as the protocol reads them ({@link dev.tether.scim.patch.MemberChange},
 * members named by the client's strings, filters over member JSON) become the directory's row
 * changes ({@link MemberChange}: ids of this server, filters over membership rows). The
 * directory keeps its own type because it must not know the SCIM packages; the protocol's type
 * cannot name rows, which are the directory's.
 */
final class MemberRowChanges {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MemberRowChanges() {
    }

    /** The row changes, in the same order. */
    static List<MemberChange> of(List<dev.tether.scim.patch.MemberChange> changes) {
        List<MemberChange> rows = new ArrayList<>(changes.size());
        for (dev.tether.scim.patch.MemberChange change : changes) {
            rows.add(of(change));
        }
        return rows;
    }

    /** The members a client named, as ids of this server (an id we never issued is no member: 400). */
    static List<MemberChange.Requested> requested(List<MemberRef> refs) {
        List<MemberChange.Requested> out = new ArrayList<>(refs.size());
        for (MemberRef ref : refs) {
            out.add(new MemberChange.Requested(memberId(ref.value()), ref.type()));
        }
        return out;
    }

    private static MemberChange of(dev.tether.scim.patch.MemberChange change) {
        if (change instanceof dev.tether.scim.patch.MemberChange.Add add) {
            return new MemberChange.Add(requested(add.members()));
        }
        if (change instanceof dev.tether.scim.patch.MemberChange.ReplaceAll replace) {
            return new MemberChange.ReplaceAll(requested(replace.members()));
        }
        if (change instanceof dev.tether.scim.patch.MemberChange.Remove remove) {
            return new MemberChange.Remove(ids(remove.values()));
        }
        if (change instanceof dev.tether.scim.patch.MemberChange.RemoveMatching matching) {
            Predicate<JsonNode> test = matching.matches();
            return new MemberChange.RemoveMatching(member -> test.test(memberElement(member)));
        }
        return new MemberChange.RemoveAll();
    }

    /** A value that is no id of ours names no member: removing it removes nothing. */
    private static Set<UUID> ids(Set<String> values) {
        Set<UUID> ids = new HashSet<>();
        for (String value : values) {
            try {
                ids.add(UUID.fromString(value));
            } catch (IllegalArgumentException ignored) {
                // not a member
            }
        }
        return ids;
    }

    private static UUID memberId(String value) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ScimException.badRequest("invalidValue", "member \"" + value
                + "\" is not the id of a User, Group or Agent in this directory");
    }

    /** A member row as the element a members[...] filter is evaluated against. */
    private static JsonNode memberElement(MemberRows.Member member) {
        ObjectNode element = NODES.objectNode();
        element.put("value", member.id().toString());
        element.put("type", member.type());
        if (member.display() != null) {
            element.put("display", member.display());
        }
        return element;
    }
}
