package dev.tether.scim.patch;

import static dev.tether.scim.patch.Fixtures.GROUP;
import static dev.tether.scim.patch.Fixtures.USER;
import static dev.tether.scim.patch.Fixtures.applyRfc;
import static dev.tether.scim.patch.Fixtures.group;
import static dev.tether.scim.patch.Fixtures.json;
import static dev.tether.scim.patch.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The examples of RFC 7644 §3.5.2 and the rules of §3.5.2.1–3, applied by the engine alone. */
class PatchEngineRfcTest {

    // ------------------------------------------------------------------ add (§3.5.2.1)

    @Test
    void addMemberToGroup() {
        ObjectNode out = applyRfc(GROUP, group(), """
                [{"op":"add","path":"members","value":[{"display":"Babs Jensen",
                  "$ref":"https://example.com/v2/Users/2819c223","value":"2819c223"}]}]
                """);
        assertEquals(3, out.get("members").size());
        // display is readOnly and server-computed: dropped from the value rather than stored.
        assertEquals(json("{\"value\":\"2819c223\",\"$ref\":\"https://example.com/v2/Users/2819c223\"}"),
                out.get("members").get(2));
    }

    @Test
    void addWithoutPathAddsEachAttributeAndSkipsExactDuplicates() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"}],"nickname":"Babs"}}]
                """);
        assertEquals(2, out.get("emails").size(), "the home email already exists");
        assertEquals("Babs", out.get("nickName").asText(), "stored under the canonical name");
        assertFalse(out.has("nickname"));
    }

    @Test
    void addToMultiValuedAppends() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","path":"emails","value":[{"value":"b@other.example","type":"other"}]}]
                """);
        assertEquals(3, out.get("emails").size());
        assertEquals("b@other.example", out.get("emails").get(2).get("value").asText());
    }

    @Test
    void addSingleObjectToMultiValuedIsWrapped() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","path":"phoneNumbers","value":{"value":"555-1234","type":"work"}}]
                """);
        assertEquals(json("[{\"value\":\"555-1234\",\"type\":\"work\"}]"), out.get("phoneNumbers"));
    }

    @Test
    void addToComplexSingleValuedMergesSubAttributes() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","path":"name","value":{"middleName":"Jane"}}]
                """);
        assertEquals(json("{\"givenName\":\"Barbara\",\"familyName\":\"Jensen\",\"middleName\":\"Jane\"}"), out.get("name"));
    }

    @Test
    void addReplacesAnExistingSingleValue() {
        ObjectNode out = applyRfc(USER, user(), "[{\"op\":\"add\",\"path\":\"displayName\",\"value\":\"B\"}]");
        assertEquals("B", out.get("displayName").asText());
    }

    @Test
    void addUsesCanonicalNamesWhateverTheCaseOfThePath() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","path":"NAME.GIVENNAME","value":"Barb"},
                 {"op":"add","path":"Emails","value":[{"Value":"x@example.com","TYPE":"other"}]}]
                """);
        assertEquals("Barb", out.get("name").get("givenName").asText());
        assertFalse(out.has("Emails"));
        assertEquals(json("{\"value\":\"x@example.com\",\"type\":\"other\"}"), out.get("emails").get(2));
    }

    @Test
    void addToFilteredSubAttributeThatMatchesNothingCreatesTheElement() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"555-0000"},
                 {"op":"add","path":"addresses[type eq \\"home\\"].locality","value":"Burbank"}]
                """);
        assertEquals(json("[{\"type\":\"mobile\",\"value\":\"555-0000\"}]"), out.get("phoneNumbers"));
        assertEquals(json("{\"type\":\"home\",\"locality\":\"Burbank\"}"), out.get("addresses").get(1));
    }

    @Test
    void addToFilteredSubAttributeThatMatchesSetsIt() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","path":"addresses[type eq \\"work\\"].locality","value":"Burbank"}]
                """);
        assertEquals(1, out.get("addresses").size());
        assertEquals("Burbank", out.get("addresses").get(0).get("locality").asText());
    }

    @Test
    void addToWholeExtensionAddsItsAttributes() {
        ObjectNode doc = user();
        doc.remove(Fixtures.ENTERPRISE);
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("schemas")).remove(1);
        ObjectNode out = applyRfc(USER, doc, """
                [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                  "value":{"department":"Tour Operations"}}]
                """);
        assertEquals(json("{\"department\":\"Tour Operations\"}"), out.get(Fixtures.ENTERPRISE));
        assertTrue(out.get("schemas").toString().contains(Fixtures.ENTERPRISE), "schemas lists the extension again");
    }

    // ------------------------------------------------------------------ remove (§3.5.2.2)

    @Test
    void removeSingleMemberByFilter() {
        ObjectNode out = applyRfc(GROUP, group(), """
                [{"op":"remove","path":"members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"]"}]
                """);
        assertEquals(1, out.get("members").size());
        assertEquals("902c246b-6245-4190-8e05-00816be7344a", out.get("members").get(0).get("value").asText());
    }

    @Test
    void removeAllMembers() {
        ObjectNode out = applyRfc(GROUP, group(), "[{\"op\":\"remove\",\"path\":\"members\"}]");
        assertFalse(out.has("members"));
    }

    @Test
    void removeMultiValuedElementsByFilterWithAnd() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"remove","path":"emails[type eq \\"work\\" and value eq \\"BJENSEN@example.com\\"]"}]
                """);
        assertEquals(1, out.get("emails").size(), "value is not caseExact, so case does not matter");
        assertEquals("home", out.get("emails").get(0).get("type").asText());
    }

    @Test
    void removeSubAttributeOfMatchingElements() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"remove","path":"addresses[type eq \\"work\\"].locality"}]
                """);
        assertFalse(out.get("addresses").get(0).has("locality"));
        assertTrue(out.get("addresses").get(0).has("streetAddress"));
    }

    @Test
    void removingTheLastElementUnassignsTheAttribute() {
        ObjectNode out = applyRfc(USER, user(), "[{\"op\":\"remove\",\"path\":\"addresses[type eq \\\"work\\\"]\"}]");
        assertFalse(out.has("addresses"));
    }

    @Test
    void removeSingleValuedAndSubAttribute() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"remove","path":"displayName"},{"op":"remove","path":"name.givenName"}]
                """);
        assertFalse(out.has("displayName"));
        assertEquals(json("{\"familyName\":\"Jensen\"}"), out.get("name"));
    }

    @Test
    void removeAllMembersThenAddNewOnes() {
        ObjectNode out = applyRfc(GROUP, group(), """
                [{"op":"remove","path":"members"},
                 {"op":"add","path":"members","value":[{"value":"2819c223"},{"value":"902c246b"}]}]
                """);
        assertEquals(json("[{\"value\":\"2819c223\"},{\"value\":\"902c246b\"}]"), out.get("members"));
    }

    @Test
    void removeWholeExtension() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]
                """);
        assertFalse(out.has(Fixtures.ENTERPRISE));
        assertEquals(json("[\"urn:ietf:params:scim:schemas:core:2.0:User\"]"), out.get("schemas"));
    }

    @Test
    void removeOfAbsentAttributeChangesNothing() {
        assertEquals(user(), applyRfc(USER, user(), "[{\"op\":\"remove\",\"path\":\"nickName\"}]"));
        assertEquals(user(), applyRfc(USER, user(), "[{\"op\":\"remove\",\"path\":\"emails[type eq \\\"other\\\"]\"}]"));
    }

    @Test
    void removeExtensionAttributeByQualifiedPath() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"}]
                """);
        assertFalse(out.get(Fixtures.ENTERPRISE).has("employeeNumber"));
        assertTrue(out.get(Fixtures.ENTERPRISE).has("manager"));
    }

    @Test
    void removeWithValueListRemovesOnlyTheListedElements() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"remove","path":"emails","value":[{"value":"BABS@jensen.org"}]}]
                """);
        assertEquals(1, out.get("emails").size());
        assertEquals("work", out.get("emails").get(0).get("type").asText());
    }

    @Test
    void noPathValueAcceptsUrnQualifiedCoreKeys() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"replace","value":{"urn:ietf:params:scim:schemas:core:2.0:User:displayName":"B"}}]
                """);
        assertEquals("B", out.get("displayName").asText());
    }

    // ------------------------------------------------------------------ replace (§3.5.2.3)

    @Test
    void replaceAllMembers() {
        ObjectNode out = applyRfc(GROUP, group(), """
                [{"op":"replace","path":"members","value":[{"display":"Babs","value":"2819c223"},
                                                          {"display":"James","value":"08e1d05d"}]}]
                """);
        assertEquals(json("[{\"value\":\"2819c223\"},{\"value\":\"08e1d05d\"}]"), out.get("members"));
    }

    @Test
    void replaceMatchingElementWholly() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"replace","path":"addresses[type eq \\"work\\"]","value":{"type":"work",
                  "streetAddress":"911 Universal City Plaza","locality":"Hollywood","region":"CA",
                  "postalCode":"91608","country":"US","formatted":"911 Universal City Plaza Hollywood, CA 91608 US",
                  "primary":true}}]
                """);
        assertEquals(1, out.get("addresses").size());
        assertEquals("911 Universal City Plaza", out.get("addresses").get(0).get("streetAddress").asText());
        assertEquals("91608", out.get("addresses").get(0).get("postalCode").asText());
    }

    @Test
    void replaceSubAttributeOfMatchingElements() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"replace","path":"addresses[type eq \\"work\\"].streetAddress","value":"1010 Broadway Ave"}]
                """);
        assertEquals(json("{\"type\":\"work\",\"streetAddress\":\"1010 Broadway Ave\",\"locality\":\"Hollywood\"}"),
                out.get("addresses").get(0));
    }

    @Test
    void replaceWithoutPathReplacesEachNamedAttribute() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"replace","value":{"emails":[{"value":"bjensen@example.com","type":"work","primary":true}],
                  "nickname":"Babs"}}]
                """);
        assertEquals(1, out.get("emails").size(), "replace of a multi-valued attribute replaces the whole list");
        assertEquals("Babs", out.get("nickName").asText());
        assertEquals("Barbara", out.get("name").get("givenName").asText(), "unnamed attributes are untouched");
    }

    @Test
    void replaceComplexLeavesUnnamedSubAttributes() {
        ObjectNode out = applyRfc(USER, user(), "[{\"op\":\"replace\",\"path\":\"name\",\"value\":{\"givenName\":\"Babs\"}}]");
        assertEquals(json("{\"givenName\":\"Babs\",\"familyName\":\"Jensen\"}"), out.get("name"));
    }

    @Test
    void replaceOfAbsentAttributeAddsIt() {
        ObjectNode out = applyRfc(USER, user(), "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Tour Guide\"}]");
        assertEquals("Tour Guide", out.get("title").asText());
    }

    @Test
    void replaceWithEmptyListUnassigns() {
        ObjectNode out = applyRfc(USER, user(), "[{\"op\":\"replace\",\"path\":\"emails\",\"value\":[]}]");
        assertFalse(out.has("emails"));
    }

    @Test
    void replaceNullUnassigns() {
        ObjectNode out = applyRfc(USER, user(), "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":null}]");
        assertFalse(out.has("displayName"));
    }

    // ------------------------------------------------------------------ primary, copies, writeOnly

    @Test
    void makingAnElementPrimaryClearsTheOthers() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"replace","path":"emails[type eq \\"home\\"].primary","value":true}]
                """);
        assertEquals(false, out.get("emails").get(0).get("primary").booleanValue());
        assertEquals(true, out.get("emails").get(1).get("primary").booleanValue());
    }

    @Test
    void addingAPrimaryElementClearsTheOldPrimary() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"add","path":"emails","value":[{"value":"new@example.com","type":"other","primary":true}]}]
                """);
        assertEquals(false, out.get("emails").get(0).get("primary").booleanValue());
        assertEquals(true, out.get("emails").get(2).get("primary").booleanValue());
    }

    @Test
    void writeOnlyPasswordMayBeSet() {
        ObjectNode out = applyRfc(USER, user(), "[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"t1meMa$heen\"}]");
        assertEquals("t1meMa$heen", out.get("password").asText());
    }

    @Test
    void returnsANewDocumentAndLeavesTheInputAlone() {
        ObjectNode input = user();
        ObjectNode out = applyRfc(USER, input, "[{\"op\":\"remove\",\"path\":\"emails\"}]");
        assertNotSame(input, out);
        assertEquals(user(), input);
    }

    @Test
    void noPathValueIgnoresEchoedIdMetaAndSchemas() {
        ObjectNode out = applyRfc(USER, user(), """
                [{"op":"replace","value":{"id":"2819c223-7f76-453a-919d-413861904646",
                  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                  "meta":{"resourceType":"Other"},"groups":[{"value":"g"}],"title":"Boss"}}]
                """);
        ObjectNode expected = user();
        expected.put("title", "Boss");
        assertEquals(expected, out);
    }
}
