package dev.tether.scim.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ResourceDocumentsTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final SchemaRegistry REGISTRY = SchemaRegistry.loadDefault(MAPPER);
    static final ResourceSchema USER = REGISTRY.resourceSchema("User");
    static final ResourceSchema GROUP = REGISTRY.resourceSchema("Group");
    static final String ENT = SchemaRegistry.ENTERPRISE_USER_URN;

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ScimValidationException rejects(String scimType, Executable call, String detailMentions) {
        ScimValidationException e = assertThrows(ScimValidationException.class, call);
        assertEquals(scimType, e.scimType(), e.detail());
        assertTrue(e.detail().contains(detailMentions), "detail '" + e.detail() + "' should mention " + detailMentions);
        assertEquals(400, e.status());
        return e;
    }

    static ObjectNode user(String attrs) {
        return json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'ada'" + attrs + "}");
    }

    // --- realistic IdP payloads ---------------------------------------------------------

    @Test
    void entraCreateUserWithNullsStringBooleansMetaAndManager() {
        ObjectNode body = json("""
                {
                  'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User',
                              'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
                  'externalId': '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
                  'userName': 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
                  'active': 'False',
                  'displayName': 'Ada Lovelace',
                  'title': null,
                  'emails': [{'primary': true, 'type': 'Work', 'value': 'ada@contoso.com'}],
                  'phoneNumbers': [],
                  'meta': {'resourceType': 'User'},
                  'name': {'formatted': 'Ada Lovelace', 'familyName': 'Lovelace', 'givenName': 'Ada', 'middleName': null},
                  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
                    'employeeNumber': '701984',
                    'department': 'Analytical Engines',
                    'costCenter': null,
                    'manager': {'value': '26118915-6090-4610-87e4-49d8ca9f808d'}
                  }
                }""");
        ObjectNode doc = ResourceDocuments.forCreate(USER, body);
        assertEquals(json("""
                {
                  'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User',
                              'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
                  'externalId': '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
                  'userName': 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
                  'active': false,
                  'displayName': 'Ada Lovelace',
                  'emails': [{'primary': true, 'type': 'work', 'value': 'ada@contoso.com'}],
                  'name': {'formatted': 'Ada Lovelace', 'familyName': 'Lovelace', 'givenName': 'Ada'},
                  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
                    'employeeNumber': '701984',
                    'department': 'Analytical Engines',
                    'manager': {'value': '26118915-6090-4610-87e4-49d8ca9f808d'}
                  }
                }"""), doc);
    }

    @Test
    void entraGroupWithExtraSchemaUrnsAndMembers() {
        ObjectNode body = json("""
                {
                  'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group',
                              'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
                  'externalId': '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
                  'displayName': 'Engineering',
                  'meta': {'resourceType': 'Group'},
                  'members': [{'value': 'u-1', '$ref': null, 'display': 'Ada'}, {'value': 'g-2', 'type': 'group'}]
                }""");
        ObjectNode doc = ResourceDocuments.forCreate(GROUP, body);
        assertEquals(json("""
                {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'],
                 'externalId': '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', 'displayName': 'Engineering'}"""), doc);
        assertEquals(List.of(new MemberRef("u-1", null), new MemberRef("g-2", "Group")),
                ResourceDocuments.members(GROUP, body));
    }

    @Test
    void oktaCreateUserWithPlaceholderPassword() {
        ObjectNode body = json("""
                {
                  'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User'],
                  'userName': 'isaac.brock@example.com',
                  'name': {'givenName': 'Isaac', 'familyName': 'Brock'},
                  'emails': [{'primary': true, 'value': 'isaac.brock@example.com', 'type': 'work'},
                             {'primary': false, 'value': 'isaac@home.example', 'type': 'home'}],
                  'displayName': 'Isaac Brock',
                  'locale': 'en-US',
                  'externalId': '00ujl29u0le5T6Aj10h7',
                  'groups': [],
                  'password': '1mz050nq',
                  'active': true
                }""");
        ObjectNode doc = ResourceDocuments.forCreate(USER, body);
        assertFalse(doc.has("password"), "passwords are never stored");
        assertFalse(doc.has("groups"));
        assertEquals(true, doc.get("active").booleanValue());
        assertEquals(2, doc.get("emails").size());
        assertEquals("00ujl29u0le5T6Aj10h7", doc.get("externalId").asText());
    }

    // --- names and structure ------------------------------------------------------------

    @Test
    void attributeNamesAreCaseInsensitiveAndStoredCanonically() {
        ObjectNode doc = ResourceDocuments.forCreate(USER, json("""
                {'SCHEMAS': ['URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER', 'urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:User'],
                 'USERNAME': 'ada', 'Emails': [{'VALUE': 'a@x.org'}], 'Name': {'GivenName': 'Ada'},
                 'ExternalID': 'e1',
                 'urn:ietf:params:scim:schemas:extension:Enterprise:2.0:User': {'Department': 'R&D'}}"""));
        assertEquals("ada", doc.get("userName").asText());
        assertEquals("a@x.org", doc.get("emails").get(0).get("value").asText());
        assertEquals("Ada", doc.get("name").get("givenName").asText());
        assertEquals("e1", doc.get("externalId").asText());
        assertEquals("R&D", doc.get(ENT).get("department").asText());
        assertEquals(json("{'s':['urn:ietf:params:scim:schemas:core:2.0:User','" + ENT + "']}").get("s"), doc.get("schemas"));
    }

    @Test
    void idMetaAndReadOnlyAttributesAreDropped() {
        ObjectNode doc = ResourceDocuments.forCreate(USER, user(
                ",'id':'client-chosen','meta':{'resourceType':'User','created':'not a date'},"
                + "'groups':[{'value':'g1','display':'Admins'}]"));
        assertFalse(doc.has("id"));
        assertFalse(doc.has("meta"));
        assertFalse(doc.has("groups"));
    }

    @Test
    void readOnlySubAttributeIsDropped() {
        ObjectNode doc = ResourceDocuments.forCreate(USER, json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','%s'],'userName':'ada',
                 '%s':{'manager':{'value':'m1','displayName':'Boss'}}}""".formatted(ENT, ENT)));
        assertEquals(json("{'value':'m1'}"), doc.get(ENT).get("manager"));
    }

    @Test
    void extensionListedButEmptyIsDroppedFromSchemas() {
        ObjectNode doc = ResourceDocuments.forCreate(USER, json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','%s'],'userName':'ada',
                 '%s':{'department':null}}""".formatted(ENT, ENT)));
        assertEquals(1, doc.get("schemas").size());
        assertFalse(doc.has(ENT));
    }

    @Test
    void schemasMustListTheCoreSchema() {
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER, json("{'userName':'ada'}")), "schemas");
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER,
                json("{'schemas':['" + ENT + "'],'userName':'ada'}")), "urn:ietf:params:scim:schemas:core:2.0:User");
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER,
                json("{'schemas':'urn:ietf:params:scim:schemas:core:2.0:User','userName':'ada'}")), "schemas");
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER, MAPPER.getNodeFactory().arrayNode()), "object");
    }

    @Test
    void extensionPresentButNotListedInSchemas() {
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER,
                user(",'" + ENT + "':{'department':'R&D'}")), ENT);
    }

    @Test
    void unknownAttributesAndExtensionsAreRejected() {
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER, user(",'favouriteColour':'blue'")), "favouriteColour");
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER, user(",'name':{'nickname':'A'}")), "name.nickname");
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER, json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','%s'],'userName':'ada','%s':{'shoeSize':42}}"""
                .formatted(ENT, ENT))), ENT + ":shoeSize");
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER,
                user(",'urn:example:custom:2.0:User':{'x':1}")), "urn:example:custom:2.0:User");
    }

    @Test
    void duplicateNamesDifferingOnlyInCaseAreRejected() {
        rejects("invalidSyntax", () -> ResourceDocuments.forCreate(USER, user(",'USERNAME':'bob'")), "USERNAME");
    }

    // --- types --------------------------------------------------------------------------

    @Test
    void booleansAcceptStringsInAnyCase() {
        assertEquals(false, ResourceDocuments.forCreate(USER, user(",'active':'False'")).get("active").booleanValue());
        assertEquals(true, ResourceDocuments.forCreate(USER, user(",'active':'TRUE'")).get("active").booleanValue());
        assertEquals(true, ResourceDocuments.forCreate(USER,
                user(",'emails':[{'value':'a@x','primary':'true'}]")).get("emails").get(0).get("primary").booleanValue());
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'active':'yes'")), "active");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'active':1")), "active");
    }

    @Test
    void stringsMustBeStrings() {
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'displayName':42")), "displayName");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'externalId':42")), "externalId");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'name':{'givenName':true}")), "name.givenName");
    }

    @Test
    void singleValuedGivenAnArrayIsRejected() {
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'displayName':['a','b']")), "displayName");
    }

    @Test
    void multiValuedGivenOneValueIsWrapped() {
        ObjectNode doc = ResourceDocuments.forCreate(USER, user(",'emails':{'value':'a@x.org','type':'HOME'}"));
        assertEquals(json("{'e':[{'value':'a@x.org','type':'home'}]}").get("e"), doc.get("emails"));
    }

    @Test
    void complexAttributesMustBeObjects() {
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'name':'Ada Lovelace'")), "name");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER, user(",'emails':['a@x.org']")), "emails[0]");
    }

    @Test
    void nullElementsAndEmptyObjectsAreUnassigned() {
        ObjectNode doc = ResourceDocuments.forCreate(USER, user(",'emails':[null,{'value':null}],'name':{'givenName':null}"));
        assertFalse(doc.has("emails"));
        assertFalse(doc.has("name"));
    }

    @Test
    void dateTimeMustBeXsdDateTimeWithOffset() {
        assertTrue(ResourceDocuments.isDateTime("2008-01-23T04:56:22Z"));
        assertTrue(ResourceDocuments.isDateTime("2008-01-23T04:56:22.123+02:00"));
        assertFalse(ResourceDocuments.isDateTime("2008-01-23T04:56:22"));
        assertFalse(ResourceDocuments.isDateTime("2008-01-23 04:56:22Z"));
        assertFalse(ResourceDocuments.isDateTime("2008-01-23T04:56Z"));
        assertFalse(ResourceDocuments.isDateTime("2008-02-30T04:56:22Z"));
        assertFalse(ResourceDocuments.isDateTime("23/01/2008"));
    }

    @Test
    void dateTimeBinaryIntegerAndDecimalAttributes() {
        ResourceSchema rs = TestSchemas.withAttributes(
                TestSchemas.attr("hired", AttributeType.DATE_TIME, Mutability.READ_WRITE),
                TestSchemas.attr("badge", AttributeType.BINARY, Mutability.READ_WRITE),
                TestSchemas.attr("level", AttributeType.INTEGER, Mutability.READ_WRITE),
                TestSchemas.attr("ratio", AttributeType.DECIMAL, Mutability.READ_WRITE));
        ObjectNode ok = ResourceDocuments.forCreate(rs, TestSchemas.body(
                "'hired':'2015-09-01T09:00:00+01:00','badge':'TUlJQ0lq','level':3,'ratio':0.5"));
        assertEquals(3, ok.get("level").intValue());
        rejects("invalidValue", () -> ResourceDocuments.forCreate(rs, TestSchemas.body("'hired':'2015-09-01'")), "hired");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(rs, TestSchemas.body("'badge':'not base64!'")), "badge");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(rs, TestSchemas.body("'level':'3'")), "level");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(rs, TestSchemas.body("'level':3.5")), "level");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(rs, TestSchemas.body("'ratio':'0.5'")), "ratio");
    }

    // --- canonical values, required, primary ---------------------------------------------

    @Test
    void canonicalValuesAreRewrittenButCustomValuesAccepted() {
        ObjectNode doc = ResourceDocuments.forCreate(USER,
                user(",'phoneNumbers':[{'value':'+1 555','type':'Mobile'},{'value':'+1 556','type':'Work Mobile'}]"));
        assertEquals("mobile", doc.get("phoneNumbers").get(0).get("type").asText());
        assertEquals("Work Mobile", doc.get("phoneNumbers").get(1).get("type").asText());
    }

    @Test
    void groupMemberTypeMustBeCanonical() {
        ObjectNode body = json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G',
                 'members':[{'value':'x','type':'Device'}]}""");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(GROUP, body), "members[0].type");
        rejects("invalidValue", () -> ResourceDocuments.members(GROUP, body), "members[0].type");
        assertEquals(List.of(new MemberRef("a1", "Agent")),
                ResourceDocuments.memberList(GROUP, json("{'v':{'value':'a1','type':'AGENT'}}").get("v")));
    }

    @Test
    void memberWithoutValueIsRejected() {
        ObjectNode body = json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G',
                 'members':[{'value':'ok'},{'display':'Ada','$ref':null}]}""");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(GROUP, body), "members[1].value");
        rejects("invalidValue", () -> ResourceDocuments.members(GROUP, body), "members[1].value");
    }

    @Test
    void membersAbsentOrNullIsEmptyAndDuplicatesCollapse() {
        assertEquals(List.of(), ResourceDocuments.members(GROUP, json("{'displayName':'G','members':null}")));
        assertEquals(List.of(), ResourceDocuments.members(GROUP, json("{'displayName':'G'}")));
        assertEquals(List.of(new MemberRef("u1", "User")), ResourceDocuments.members(GROUP,
                json("{'members':[{'value':'u1','type':'User'},{'value':'u1','type':'user'}]}")));
    }

    @Test
    void requiredAttributesMustBePresentAndNonEmpty() {
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER,
                json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'displayName':'Ada'}")), "userName");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER,
                json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'  '}")), "userName");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER,
                json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':null}")), "userName");
        rejects("invalidValue", () -> ResourceDocuments.forCreate(GROUP,
                json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'members':[]}")), "displayName");
    }

    @Test
    void requiredSubAttributeMustBePresent() {
        AttributeDefinition value = new AttributeDefinition("value", AttributeType.STRING, false, null, true, false,
                Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE, null, null, null);
        AttributeDefinition label = TestSchemas.attr("label", AttributeType.STRING, Mutability.READ_WRITE);
        ResourceSchema rs = TestSchemas.withAttributes(new AttributeDefinition("tags", AttributeType.COMPLEX, true, null,
                false, false, Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE, null, null, List.of(value, label)));
        rejects("invalidValue", () -> ResourceDocuments.forCreate(rs, TestSchemas.body("'tags':[{'label':'x'}]")), "tags[0].value");
    }

    @Test
    void atMostOnePrimary() {
        rejects("invalidValue", () -> ResourceDocuments.forCreate(USER,
                user(",'emails':[{'value':'a@x','primary':true},{'value':'b@x','primary':'True'}]")), "emails");
        ResourceDocuments.forCreate(USER, user(",'emails':[{'value':'a@x','primary':true},{'value':'b@x','primary':false}]"));
    }

    // --- PUT and PATCH ------------------------------------------------------------------

    @Test
    void replaceTakesTheBodyAndDropsWhatItOmits() {
        ObjectNode existing = ResourceDocuments.forCreate(USER, json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','%s'],'userName':'ada','displayName':'Ada',
                 'title':'Countess','%s':{'department':'R&D'}}""".formatted(ENT, ENT)));
        ObjectNode replaced = ResourceDocuments.forReplace(USER,
                user(",'id':'abc','displayName':'Ada L.','password':'x','meta':{'version':'W/\\\"1\\\"'}"), existing);
        assertEquals(json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'ada','displayName':'Ada L.'}"""), replaced);
    }

    @Test
    void replaceKeepsStoredReadOnlyValues() {
        ResourceSchema rs = TestSchemas.withAttributes(
                TestSchemas.attr("derivedScore", AttributeType.INTEGER, Mutability.READ_ONLY),
                TestSchemas.attr("nick", AttributeType.STRING, Mutability.READ_WRITE));
        ObjectNode existing = json("{'schemas':['" + TestSchemas.URN + "'],'derivedScore':7,'nick':'a'}");
        ObjectNode replaced = ResourceDocuments.forReplace(rs, TestSchemas.body("'derivedScore':99,'nick':'b'"), existing);
        assertEquals(7, replaced.get("derivedScore").intValue());
        assertEquals("b", replaced.get("nick").asText());
    }

    @Test
    void immutableAttributesMayBeSetOnceButNotChanged() {
        ResourceSchema rs = TestSchemas.withAttributes(
                TestSchemas.attr("badgeId", AttributeType.STRING, Mutability.IMMUTABLE));
        ObjectNode empty = json("{'schemas':['" + TestSchemas.URN + "']}");
        ObjectNode set = ResourceDocuments.forReplace(rs, TestSchemas.body("'badgeId':'B-1'"), empty);
        assertEquals("B-1", set.get("badgeId").asText());
        // same value (case-insensitive, as caseExact is false) is fine
        ResourceDocuments.forReplace(rs, TestSchemas.body("'badgeId':'b-1'"), set);
        rejects("mutability", () -> ResourceDocuments.forReplace(rs, TestSchemas.body("'badgeId':'B-2'"), set), "badgeId");
        rejects("mutability", () -> ResourceDocuments.checkPatched(rs, json("{'badgeId':'B-2'}"), set), "badgeId");
        // PUT that omits it keeps it; a PATCH that removed it is refused
        assertEquals("B-1", ResourceDocuments.forReplace(rs, TestSchemas.body(""), set).get("badgeId").asText());
        rejects("mutability", () -> ResourceDocuments.checkPatched(rs, json("{}"), set), "badgeId");
    }

    @Test
    void immutableSubAttributeOfSingleValuedComplex() {
        AttributeDefinition serial = TestSchemas.attr("serial", AttributeType.STRING, Mutability.IMMUTABLE);
        AttributeDefinition colour = TestSchemas.attr("colour", AttributeType.STRING, Mutability.READ_WRITE);
        ResourceSchema rs = TestSchemas.withAttributes(new AttributeDefinition("device", AttributeType.COMPLEX, false,
                null, false, false, Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE, null, null, List.of(serial, colour)));
        ObjectNode existing = json("{'schemas':['" + TestSchemas.URN + "'],'device':{'serial':'S1','colour':'red'}}");
        ResourceDocuments.forReplace(rs, TestSchemas.body("'device':{'serial':'S1','colour':'blue'}"), existing);
        rejects("mutability", () -> ResourceDocuments.forReplace(rs,
                TestSchemas.body("'device':{'serial':'S2'}"), existing), "device.serial");
    }

    @Test
    void patchedDocumentIsValidatedAndSchemasRecomputed() {
        ObjectNode before = ResourceDocuments.forCreate(USER, user(",'active':true"));
        ObjectNode patched = before.deepCopy();
        patched.put("active", "False");
        patched.putObject(ENT).put("department", "Finance");
        ObjectNode after = ResourceDocuments.checkPatched(USER, patched, before);
        assertEquals(false, after.get("active").booleanValue());
        assertEquals(2, after.get("schemas").size());
        assertEquals("Finance", after.get(ENT).get("department").asText());

        ObjectNode bad = before.deepCopy();
        bad.put("active", "maybe");
        rejects("invalidValue", () -> ResourceDocuments.checkPatched(USER, bad, before), "active");

        ObjectNode removedUserName = before.deepCopy();
        removedUserName.remove("userName");
        rejects("invalidValue", () -> ResourceDocuments.checkPatched(USER, removedUserName, before), "userName");
    }

    @Test
    void patchCannotWriteReadOnlyAttributes() {
        ObjectNode before = ResourceDocuments.forCreate(USER, user(""));
        ObjectNode patched = before.deepCopy();
        patched.putArray("groups").addObject().put("value", "g1");
        rejects("mutability", () -> ResourceDocuments.checkPatched(USER, patched, before), "groups");

        ResourceSchema rs = TestSchemas.withAttributes(
                TestSchemas.attr("derivedScore", AttributeType.INTEGER, Mutability.READ_ONLY));
        ObjectNode stored = json("{'schemas':['" + TestSchemas.URN + "'],'derivedScore':7}");
        assertEquals(7, ResourceDocuments.checkPatched(rs, stored.deepCopy(), stored).get("derivedScore").intValue());
        rejects("mutability", () -> ResourceDocuments.checkPatched(rs, json("{'derivedScore':8}"), stored), "derivedScore");
    }

    @Test
    void patchAcceptsAndDiscardsPassword() {
        ObjectNode before = ResourceDocuments.forCreate(USER, user(""));
        ObjectNode patched = before.deepCopy();
        patched.put("password", "n3w-s3cret");
        assertFalse(ResourceDocuments.checkPatched(USER, patched, before).has("password"));
    }

    @Test
    void groupDocumentNeverStoresMembers() {
        ObjectNode before = ResourceDocuments.forCreate(GROUP,
                json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G'}"));
        ObjectNode patched = before.deepCopy();
        patched.putArray("members").addObject().put("value", "u1");
        JsonNode after = ResourceDocuments.checkPatched(GROUP, patched, before);
        assertNull(after.get("members"));
        ObjectNode replaced = ResourceDocuments.forReplace(GROUP, json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G2','members':[{'value':'u1'}]}"""),
                before);
        assertNull(replaced.get("members"));
    }
}
