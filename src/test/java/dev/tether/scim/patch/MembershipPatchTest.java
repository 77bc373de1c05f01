package dev.tether.scim.patch;

import static dev.tether.scim.patch.Fixtures.GROUP;
import static dev.tether.scim.patch.Fixtures.json;
import static dev.tether.scim.patch.Fixtures.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.scim.schema.MemberRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MembershipPatchTest {

    private static MembershipPatch.Split split(String operations) {
        return MembershipPatch.split(GROUP, new IdpDialect(GROUP).normalise(ops(operations)));
    }

    @Test
    void addMembersByPath() {
        MembershipPatch.Split s = split("""
                [{"op":"Add","path":"members","value":[{"value":"u1","type":"user"},{"value":"g1","$ref":null},{"value":"u1"}]}]
                """);
        assertEquals(List.of(new MemberChange.Add(List.of(new MemberRef("u1", "User"), new MemberRef("g1", null)))),
                s.memberChanges());
        assertTrue(s.otherOperations().isEmpty());
    }

    @Test
    void removeByValueList() {
        MembershipPatch.Split s = split("""
                [{"op":"Remove","path":"members","value":[{"value":"u1"},{"value":"u2"}]}]
                """);
        assertEquals(List.of(new MemberChange.Remove(Set.of("u1", "u2"))), s.memberChanges());
    }

    @Test
    void removeByPlainValueFilter() {
        MembershipPatch.Split s = split("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\"]\"}]");
        assertEquals(List.of(new MemberChange.Remove(Set.of("u1"))), s.memberChanges());
    }

    @Test
    void removeByOtherFilterBecomesAPredicate() {
        MembershipPatch.Split s = split("[{\"op\":\"remove\",\"path\":\"members[type eq \\\"Group\\\" or value eq \\\"u1\\\"]\"}]");
        MemberChange.RemoveMatching change = assertInstanceOf(MemberChange.RemoveMatching.class, s.memberChanges().get(0));
        assertTrue(change.matches().test(json("{\"value\":\"g9\",\"type\":\"Group\"}")));
        assertTrue(change.matches().test(json("{\"value\":\"u1\",\"type\":\"User\"}")));
        assertFalse(change.matches().test(json("{\"value\":\"u2\",\"type\":\"User\"}")));
    }

    @Test
    void removeAllAndReplaceAll() {
        MembershipPatch.Split s = split("""
                [{"op":"remove","path":"members"},
                 {"op":"replace","path":"members","value":[{"value":"u3","type":"Agent"}]},
                 {"op":"replace","path":"members","value":null}]
                """);
        assertEquals(List.of(new MemberChange.RemoveAll(),
                new MemberChange.ReplaceAll(List.of(new MemberRef("u3", "Agent"))),
                new MemberChange.RemoveAll()), s.memberChanges());
    }

    @Test
    void membersKeyInsideNoPathValueIsSplitOffAndTheRestStays() {
        MembershipPatch.Split s = split("""
                [{"op":"replace","value":{"id":"e9e30dba","displayName":"Guides","members":[{"value":"u1"}]}},
                 {"op":"add","value":{"Members":[{"value":"u2"}]}}]
                """);
        assertEquals(List.of(new MemberChange.ReplaceAll(List.of(new MemberRef("u1", null))),
                new MemberChange.Add(List.of(new MemberRef("u2", null)))), s.memberChanges());
        assertEquals(List.of(PatchOperation.replace(null, json("{\"id\":\"e9e30dba\",\"displayName\":\"Guides\"}"))),
                s.otherOperations());
    }

    @Test
    void otherOperationsPassThroughInOrder() {
        MembershipPatch.Split s = split("""
                [{"op":"replace","path":"displayName","value":"A"},
                 {"op":"add","path":"members","value":[{"value":"u1"}]},
                 {"op":"replace","path":"externalId","value":"x"}]
                """);
        assertEquals(2, s.otherOperations().size());
        assertEquals("displayName", s.otherOperations().get(0).path().toString());
        assertEquals("externalId", s.otherOperations().get(1).path().toString());
    }

    @Test
    void changingAMembersSubAttributeIsMutability() {
        for (String path : List.of("members[value eq \\\"u1\\\"].display", "members[value eq \\\"u1\\\"].value",
                "members.type")) {
            PatchException e = assertThrows(PatchException.class,
                    () -> split("[{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":\"x\"}]"));
            assertEquals("mutability", e.scimType(), path);
        }
    }

    @Test
    void replacingAFilteredMemberIsMutability() {
        PatchException e = assertThrows(PatchException.class,
                () -> split("[{\"op\":\"replace\",\"path\":\"members[value eq \\\"u1\\\"]\",\"value\":{\"value\":\"u2\"}}]"));
        assertEquals("mutability", e.scimType());
    }

    @Test
    void unknownMemberSubAttributeIsInvalidPath() {
        PatchException e = assertThrows(PatchException.class,
                () -> split("[{\"op\":\"remove\",\"path\":\"members.colour\"}]"));
        assertEquals("invalidPath", e.scimType());
    }

    @Test
    void malformedMembersAreInvalidValue() {
        for (String value : List.of("[{\"display\":\"no id\"}]", "[{\"value\":\"\"}]", "[42]",
                "[{\"value\":\"u1\",\"type\":\"Printer\"}]")) {
            PatchException e = assertThrows(PatchException.class,
                    () -> split("[{\"op\":\"add\",\"path\":\"members\",\"value\":" + value + "}]"));
            assertEquals("invalidValue", e.scimType(), value);
        }
    }

    @Test
    void badMemberFilterIsInvalidFilter() {
        PatchException e = assertThrows(PatchException.class,
                () -> split("[{\"op\":\"remove\",\"path\":\"members[value zz \\\"u\\\"]\"}]"));
        assertEquals("invalidFilter", e.scimType());
    }
}
