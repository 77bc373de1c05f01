package dev.tether.scim.patch;

import static dev.tether.scim.patch.Fixtures.GROUP;
import static dev.tether.scim.patch.Fixtures.USER;
import static dev.tether.scim.patch.Fixtures.applyRfc;
import static dev.tether.scim.patch.Fixtures.group;
import static dev.tether.scim.patch.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.schema.ResourceSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchEngineErrorTest {

    @Test
    void replaceWithFilterThatMatchesNothingIsNoTarget() {
        expect("noTarget", USER, "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"other\\\"]\",\"value\":{\"value\":\"x\"}}]");
        expect("noTarget", USER, "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"other\\\"].value\",\"value\":\"x\"}]");
    }

    @Test
    void addWithFilterThatMatchesNothingAndDescribesNoElementIsNoTarget() {
        expect("noTarget", USER, "[{\"op\":\"add\",\"path\":\"emails[type eq \\\"work\\\" or type eq \\\"home\\\"].display\","
                + "\"value\":\"x\"}]", user().put("emails", (String) null));
    }

    @Test
    void removeWithoutPathIsNoTarget() {
        PatchException e = assertThrows(PatchException.class, () -> new PatchEngine(USER)
                .apply(user(), List.of(new PatchOperation(PatchOperation.Op.REMOVE, null, null))));
        assertEquals("noTarget", e.scimType());
    }

    @Test
    void unknownAttributeInPathIsInvalidPath() {
        expect("invalidPath", USER, "[{\"op\":\"replace\",\"path\":\"shoeSize\",\"value\":\"42\"}]");
        expect("invalidPath", USER, "[{\"op\":\"replace\",\"path\":\"name.shoeSize\",\"value\":\"42\"}]");
        expect("invalidPath", USER, "[{\"op\":\"remove\",\"path\":\"urn:example:unknown:2.0:User:x\"}]");
        expect("invalidPath", USER, "[{\"op\":\"remove\",\"path\":\"userName.value\"}]");
    }

    @Test
    void filterOnSingleValuedAttributeIsInvalidPath() {
        expect("invalidPath", USER, "[{\"op\":\"remove\",\"path\":\"name[givenName eq \\\"x\\\"]\"}]");
    }

    @Test
    void badFilterIsInvalidFilter() {
        // a filter the filter parser refuses ("type gt \"x\"" is a valid filter, and always was on the server)
        expect("invalidFilter", USER, "[{\"op\":\"remove\",\"path\":\"emails[type gt]\"}]");
        expect("invalidFilter", USER, "[{\"op\":\"remove\",\"path\":\"emails[type zz \\\"x\\\"]\"}]");
    }

    @Test
    void readOnlyAttributesNamedByPathAreMutability() {
        expect("mutability", USER, "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]");
        expect("mutability", USER, "[{\"op\":\"replace\",\"path\":\"meta.version\",\"value\":\"x\"}]");
        expect("mutability", USER, "[{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"g\"}]}]");
        expect("mutability", USER, "[{\"op\":\"remove\",\"path\":\"groups\"}]");
        expect("mutability", USER, "[{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:"
                + "enterprise:2.0:User:manager.displayName\",\"value\":\"x\"}]");
        expect("mutability", GROUP, "[{\"op\":\"replace\",\"path\":\"members[value eq \\\"x\\\"].display\",\"value\":\"x\"}]");
    }

    @Test
    void changingAnImmutableValueIsMutability() {
        ObjectNode g = group();
        expect("mutability", GROUP, "[{\"op\":\"replace\",\"path\":\"members[type eq \\\"User\\\"].value\",\"value\":\"x\"}]", g);
        expect("mutability", GROUP, "[{\"op\":\"replace\",\"path\":\"members[value eq \\\"902c246b-6245-4190-8e05-00816be7344a\\\"]\","
                + "\"value\":{\"value\":\"other\"}}]", g);
        expect("mutability", GROUP, "[{\"op\":\"remove\",\"path\":\"members[type eq \\\"User\\\"].type\"}]", g);
    }

    @Test
    void immutableValueMayBeSetWhenAbsent() {
        ObjectNode g = group();
        ((ObjectNode) g.get("members").get(0)).remove("type");
        ObjectNode out = applyRfc(GROUP, g, "[{\"op\":\"add\",\"path\":\"members[value eq \\\"2819c223-7f76-453a-919d-413861904646\\\"].type\","
                + "\"value\":\"User\"}]");
        assertEquals("User", out.get("members").get(0).get("type").asText());
    }

    @Test
    void changedIdInsideANoPathValueIsMutability() {
        expect("mutability", USER, "[{\"op\":\"replace\",\"value\":{\"id\":\"someone-else\"}}]");
    }

    @Test
    void wrongValueTypeIsInvalidValue() {
        expect("invalidValue", USER, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"yes\"}]");
        expect("invalidValue", USER, "[{\"op\":\"replace\",\"path\":\"name\",\"value\":\"Barbara\"}]");
        expect("invalidValue", USER, "[{\"op\":\"add\",\"path\":\"emails\",\"value\":[\"a@b.c\"]}]");
    }

    @Test
    void unknownAttributeInsideAValueIsInvalidValue() {
        expect("invalidValue", USER, "[{\"op\":\"replace\",\"value\":{\"shoeSize\":42}}]");
        expect("invalidValue", USER, "[{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@b.c\",\"colour\":\"red\"}]}]");
        expect("invalidValue", USER, "[{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\","
                + "\"value\":{\"shoeSize\":42}}]");
    }

    @Test
    void twoNewPrimariesInOneOperationIsInvalidValue() {
        expect("invalidValue", USER, "[{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@b.c\",\"primary\":true},"
                + "{\"value\":\"d@e.f\",\"primary\":true}]}]");
    }

    @Test
    void noPathValueThatIsNotAnObjectIsInvalidSyntax() {
        expect("invalidSyntax", USER, "[{\"op\":\"add\",\"value\":[1,2]}]");
    }

    @Test
    void failureLeavesInputUntouchedAndNamesTheOperation() {
        ObjectNode input = user();
        PatchException e = assertThrows(PatchException.class, () -> applyRfc(USER, input, """
                [{"op":"replace","path":"displayName","value":"Changed"},
                 {"op":"remove","path":"emails"},
                 {"op":"replace","path":"id","value":"x"}]
                """));
        assertEquals("mutability", e.scimType());
        assertTrue(e.detail().startsWith("Operations[3]"), e.detail());
        assertEquals(user(), input);
    }

    private static void expect(String scimType, ResourceSchema schema, String ops) {
        expect(scimType, schema, ops, schema == USER ? user() : group());
    }

    private static void expect(String scimType, ResourceSchema schema, String ops, ObjectNode doc) {
        ObjectNode before = doc.deepCopy();
        PatchException e = assertThrows(PatchException.class, () -> applyRfc(schema, doc, ops));
        assertEquals(scimType, e.scimType(), e.detail());
        assertEquals(before, doc);
    }
}
