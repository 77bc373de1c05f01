package dev.tether.scim.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;

class FilterEvaluatorTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final SchemaRegistry REGISTRY = SchemaRegistry.loadDefault(MAPPER);
    final FilterEvaluator users = new FilterEvaluator(REGISTRY.resourceSchema("User"));
    final FilterEvaluator groups = new FilterEvaluator(REGISTRY.resourceSchema("Group"));

    static final String USER = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "2819c223-7f76-453a-919d-413861904646",
              "externalId": "Ext-701984",
              "userName": "BJensen@example.com",
              "name": {"familyName": "Jensen", "givenName": "Barbara", "middleName": ""},
              "displayName": "Babs Jensen",
              "title": null,
              "active": true,
              "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
              ],
              "phoneNumbers": [],
              "groups": [{"value": "e9e30dba-f08f-4109-8486-d5c6a331660a", "display": "Tour Guides", "type": "direct"}],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984",
                "department": "Tour Operations",
                "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
              },
              "meta": {
                "resourceType": "User",
                "created": "2010-01-23T04:56:22Z",
                "lastModified": "2011-05-13T04:42:34Z",
                "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                "version": "W/\\"a330bc54f0671c9\\""
              }
            }
            """;

    static final String GROUP = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
              "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
              "displayName": "Tour Guides",
              "members": [
                {"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen", "type": "User"},
                {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge", "type": "User"}
              ],
              "meta": {"resourceType": "Group", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z"}
            }
            """;

    private boolean user(String filter) {
        try {
            return users.matches(FilterParser.parse(filter), (ObjectNode) MAPPER.readTree(USER));
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    private boolean group(String filter) {
        try {
            return groups.matches(FilterParser.parse(filter), (ObjectNode) MAPPER.readTree(GROUP));
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void stringsFollowCaseExact() {
        assertTrue(user("userName eq \"bjensen@EXAMPLE.com\""));   // caseExact false
        assertTrue(user("USERNAME Eq \"bjensen@example.com\""));   // names case-insensitive
        assertTrue(user("externalId eq \"Ext-701984\""));          // caseExact true
        assertFalse(user("externalId eq \"ext-701984\""));
        assertTrue(user("id eq \"2819c223-7f76-453a-919d-413861904646\""));
        assertFalse(user("id eq \"2819C223-7F76-453A-919D-413861904646\""));
    }

    @Test
    void substringAndOrdering() {
        assertTrue(user("name.familyName co \"ENS\""));
        assertTrue(user("name.familyName sw \"jen\""));
        assertTrue(user("name.familyName ew \"SEN\""));
        assertFalse(user("name.familyName sw \"sen\""));
        assertTrue(user("userName gt \"a\""));
        assertTrue(user("userName lt \"c\""));
        assertTrue(user("userName ge \"bjensen@example.com\""));
        assertFalse(user("userName gt \"bjensen@example.com\""));
    }

    @Test
    void dateTimesCompareAsInstants() {
        assertTrue(user("meta.lastModified gt \"2011-05-13T04:42:33Z\""));
        assertTrue(user("meta.lastModified eq \"2011-05-13T06:42:34+02:00\""));
        assertFalse(user("meta.created ge \"2011-01-01T00:00:00Z\""));
        assertThrows(FilterException.class, () -> user("meta.created gt \"yesterday\""));
        assertThrows(FilterException.class, () -> user("meta.created co \"2010\""));
    }

    @Test
    void booleans() {
        assertTrue(user("active eq true"));
        assertFalse(user("active ne true"));
        assertTrue(user("active eq \"True\""));                    // Entra sends strings
        assertThrows(FilterException.class, () -> user("active gt false"));
        assertThrows(FilterException.class, () -> user("active co \"t\""));
        assertThrows(FilterException.class, () -> user("active eq 3"));
    }

    @Test
    void presenceAndNull() {
        assertTrue(user("name pr"));
        assertTrue(user("emails pr"));
        assertFalse(user("phoneNumbers pr"));                      // empty array
        assertFalse(user("title pr"));                             // null
        assertFalse(user("name.middleName pr"));                   // empty string
        assertFalse(user("nickName pr"));                          // absent
        assertTrue(user("title eq null"));
        assertTrue(user("nickName eq null"));
        assertFalse(user("displayName eq null"));
        assertTrue(user("displayName ne null"));
        assertThrows(FilterException.class, () -> user("displayName gt null"));
    }

    @Test
    void neIsNotEqAndMatchesAbsentAttributes() {
        assertTrue(user("nickName ne \"x\""));
        assertFalse(user("displayName ne \"babs jensen\""));
        assertFalse(user("emails.type ne \"work\""));              // some email is work
        assertTrue(user("emails.type ne \"other\""));
    }

    @Test
    void multiValuedMatchesAnyElement() {
        assertTrue(user("emails.value eq \"babs@jensen.org\""));
        assertTrue(user("emails eq \"BABS@jensen.org\""));          // means emails.value
        assertTrue(user("emails[type eq \"work\" and value co \"example\"]"));
        assertFalse(user("emails[type eq \"home\" and value co \"example\"]"));
        assertTrue(user("emails[type eq \"work\"].value eq \"bjensen@example.com\""));
        assertFalse(user("emails[type eq \"home\"].value eq \"bjensen@example.com\""));
        assertTrue(user("emails[not (primary eq true)]"));
        assertTrue(user("groups[value eq \"e9e30dba-f08f-4109-8486-d5c6a331660a\" and type eq \"direct\"]"));
        assertThrows(FilterException.class, () -> user("name eq \"Barbara\""));
        assertThrows(FilterException.class, () -> user("name[givenName eq \"x\"].x pr and userName[x pr]"));
    }

    @Test
    void extensionAttributes() {
        assertTrue(user("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\""));
        assertTrue(user("employeeNumber eq 701984"));                // unqualified, bare number as string
        assertTrue(user("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\""));
        assertTrue(user("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq \"26118915-6090-4610-87e4-49d8ca9f808d\""));
        assertTrue(user("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"bj\""));
    }

    @Test
    void unknownAttributesAreUnassigned() {
        assertFalse(user("favouriteColour eq \"blue\""));
        assertTrue(user("favouriteColour ne \"blue\""));
        assertFalse(user("favouriteColour pr"));
        assertTrue(user("favouriteColour eq null"));
        assertFalse(user("name.nickname eq \"x\""));
        assertFalse(user("urn:example:unknown:2.0:User:x eq \"x\""));
        assertFalse(user("emails[colour eq \"red\"]"));
    }

    @Test
    void logic() {
        assertTrue(user("userName sw \"bj\" and (title pr or active eq true)"));
        assertFalse(user("not (userName sw \"bj\") or title pr"));
    }

    @Test
    void groupsAndMembers() {
        assertTrue(group("displayName eq \"tour guides\""));
        assertTrue(group("members[value eq \"902c246b-6245-4190-8e05-00816be7344a\"]"));
        assertTrue(group("members.display co \"mandy\""));
        assertFalse(group("members[value eq \"nobody\"]"));
        assertTrue(group("meta.resourceType eq \"Group\""));
    }

    @Test
    void matchesElementServesPatchValuePaths() throws Exception {
        AttributeDefinition emails = REGISTRY.resourceSchema("User").core().attribute("emails").orElseThrow();
        JsonNode work = MAPPER.readTree("{\"value\":\"a@x.com\",\"type\":\"work\",\"primary\":true}");
        assertTrue(users.matchesElement(FilterParser.parse("type eq \"work\""), emails, work));
        assertTrue(users.matchesElement(FilterParser.parse("TYPE eq \"WORK\" and primary eq true"), emails, work));
        assertFalse(users.matchesElement(FilterParser.parse("type eq \"home\""), emails, work));
        AttributeDefinition members = REGISTRY.resourceSchema("Group").core().attribute("members").orElseThrow();
        JsonNode member = MAPPER.readTree("{\"value\":\"2819c223-7f76-453a-919d-413861904646\"}");
        assertTrue(groups.matchesElement(FilterParser.parse("value eq \"2819c223-7f76-453a-919d-413861904646\""), members, member));
    }
}
