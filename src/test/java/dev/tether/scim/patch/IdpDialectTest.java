package dev.tether.scim.patch;

import static dev.tether.scim.patch.Fixtures.ENTERPRISE;
import static dev.tether.scim.patch.Fixtures.USER;
import static dev.tether.scim.patch.Fixtures.applyToGroup;
import static dev.tether.scim.patch.Fixtures.applyToUser;
import static dev.tether.scim.patch.Fixtures.group;
import static dev.tether.scim.patch.Fixtures.json;
import static dev.tether.scim.patch.Fixtures.ops;
import static dev.tether.scim.patch.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Entra ID and Okta actually send, through dialect normalisation and the engine. */
class IdpDialectTest {

    private final IdpDialect dialect = new IdpDialect(USER);

    // ------------------------------------------------------------------ Entra ID

    @Test
    void entraDisablesWithCapitalisedOpAndStringBoolean() {
        ObjectNode out = applyToUser(user(), "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
        assertEquals(json("false"), out.get("active"));
    }

    @Test
    void stringBooleansInAnyCaseAndInsideObjects() {
        ObjectNode out = applyToUser(user(), """
                [{"op":"Replace","value":{"active":"FALSE"}},
                 {"op":"Replace","path":"emails[type eq \\"home\\"].primary","value":"true"}]
                """);
        assertEquals(json("false"), out.get("active"));
        assertEquals(json("true"), out.get("emails").get(1).get("primary"));
        assertEquals(json("false"), out.get("emails").get(0).get("primary"));
    }

    @Test
    void stringThatIsNotABooleanIsLeftForTheEngineToReject() {
        List<PatchOperation> normalised = dialect.normalise(ops("[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"yes\"}]"));
        assertEquals(json("\"yes\""), normalised.get(0).value());
    }

    @Test
    void entraNoPathReplaceWithDottedAndUrnKeysBecomesPathOperations() {
        List<PatchOperation> normalised = dialect.normalise(ops("""
                [{"op":"Replace","value":{
                   "displayName":"Barb",
                   "name.givenName":"Barbara Ann",
                   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42",
                   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":"mgr-1"}}]
                """));
        assertEquals(List.of(
                PatchOperation.replace(null, json("{\"displayName\":\"Barb\"}")),
                PatchOperation.replace("name.givenName", json("\"Barbara Ann\"")),
                PatchOperation.replace(ENTERPRISE + ":employeeNumber", json("\"42\"")),
                PatchOperation.replace(ENTERPRISE + ":manager", json("{\"value\":\"mgr-1\"}"))), normalised);

        ObjectNode out = new PatchEngine(USER).apply(user(), normalised);
        assertEquals("Barb", out.get("displayName").asText());
        assertEquals(json("{\"givenName\":\"Barbara Ann\",\"familyName\":\"Jensen\"}"), out.get("name"));
        assertEquals(json("{\"employeeNumber\":\"42\",\"manager\":{\"value\":\"mgr-1\"}}"), out.get(ENTERPRISE));
    }

    @Test
    void entraSetsManagerAsBareString() {
        ObjectNode out = applyToUser(user(), """
                [{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-2"}]
                """);
        assertEquals(json("{\"value\":\"mgr-2\"}"), out.get(ENTERPRISE).get("manager"));
    }

    @Test
    void entraClearsManagerWithEmptyString() {
        ObjectNode out = applyToUser(user(), """
                [{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}]
                """);
        assertFalse(out.get(ENTERPRISE).has("manager"));
        assertEquals("701984", out.get(ENTERPRISE).get("employeeNumber").asText());
    }

    @Test
    void entraClearsManagerWithEmptyValueObject() {
        List<PatchOperation> normalised = dialect.normalise(ops("""
                [{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                  "value":{"value":""}}]
                """));
        assertEquals(List.of(PatchOperation.remove(ENTERPRISE + ":manager")), normalised);
    }

    @Test
    void managerClearedInsideNoPathExtensionObject() {
        ObjectNode out = applyToUser(user(), """
                [{"op":"Replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":""}}}]
                """);
        assertFalse(out.get(ENTERPRISE).has("manager"));
    }

    @Test
    void entraAddsWorkEmailAndAddressByFilteredPath() {
        ObjectNode doc = user();
        doc.remove("emails");
        doc.remove("addresses");
        ObjectNode out = applyToUser(doc, """
                [{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"babs@work.example"},
                 {"op":"Add","path":"addresses[type eq \\"work\\"].locality","value":"Hollywood"},
                 {"op":"Add","path":"addresses[type eq \\"work\\"].country","value":"US"}]
                """);
        assertEquals(json("[{\"type\":\"work\",\"value\":\"babs@work.example\"}]"), out.get("emails"));
        assertEquals(json("[{\"type\":\"work\",\"locality\":\"Hollywood\",\"country\":\"US\"}]"), out.get("addresses"));
    }

    @Test
    void entraRemovesMembersByValueList() {
        ObjectNode out = applyToGroup(group(), """
                [{"op":"Remove","path":"members","value":[{"value":"902c246b-6245-4190-8e05-00816be7344a"}]}]
                """);
        assertEquals(json("[{\"value\":\"2819c223-7f76-453a-919d-413861904646\",\"type\":\"User\"}]"), out.get("members"));
    }

    @Test
    void entraRemovesMemberByValueFilter() {
        ObjectNode out = applyToGroup(group(), """
                [{"op":"Remove","path":"members[value eq \\"902c246b-6245-4190-8e05-00816be7344a\\"]"}]
                """);
        assertEquals(1, out.get("members").size());
    }

    @Test
    void entraMemberWithNullRefIsAddedWithoutIt() {
        List<PatchOperation> normalised = new IdpDialect(Fixtures.GROUP).normalise(ops("""
                [{"op":"Add","path":"members","value":[{"value":"abc","$ref":null}]}]
                """));
        assertEquals(json("[{\"value\":\"abc\"}]"), normalised.get(0).value());
        ObjectNode out = applyToGroup(group(), "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"abc\",\"$ref\":null}]}]");
        assertEquals(json("{\"value\":\"abc\"}"), out.get("members").get(2));
    }

    @Test
    void nullValueBecomesRemove() {
        List<PatchOperation> normalised = dialect.normalise(ops("""
                [{"op":"replace","path":"title","value":null},
                 {"op":"add","value":{"nickName":null,"title":"Boss"}}]
                """));
        assertEquals(List.of(PatchOperation.remove("title"),
                PatchOperation.add(null, json("{\"title\":\"Boss\"}")),
                PatchOperation.remove("nickName")), normalised);
    }

    // ------------------------------------------------------------------ Okta

    @Test
    void oktaDeactivatesWithNoPathReplace() {
        ObjectNode out = applyToUser(user(), "[{\"op\":\"replace\",\"value\":{\"active\":false}}]");
        assertEquals(json("false"), out.get("active"));
    }

    @Test
    void oktaSendsIdInsideReplaceValue() {
        ObjectNode out = applyToUser(user(), """
                [{"op":"replace","value":{"id":"2819c223-7f76-453a-919d-413861904646","active":false}}]
                """);
        ObjectNode expected = user();
        expected.put("active", false);
        assertEquals(expected, out);
    }

    @Test
    void oktaReplacesGroupNameAndWholeMemberList() {
        ObjectNode out = applyToGroup(group(), """
                [{"op":"replace","value":{"id":"e9e30dba-f08f-4109-8486-d5c6a331660a","displayName":"Guides"}},
                 {"op":"replace","path":"members","value":[{"value":"00u1","display":"a@example.com"}]}]
                """);
        assertEquals("Guides", out.get("displayName").asText());
        assertEquals(json("[{\"value\":\"00u1\"}]"), out.get("members"));
    }
}
