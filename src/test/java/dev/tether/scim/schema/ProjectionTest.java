package dev.tether.scim.schema;

import static dev.tether.scim.schema.ResourceDocumentsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    static final ResourceSchema USER = ResourceDocumentsTest.USER;
    static final ResourceSchema GROUP = ResourceDocumentsTest.GROUP;
    static final String ENT = SchemaRegistry.ENTERPRISE_USER_URN;

    static final ObjectNode FULL_USER = json("""
            {
              'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User', '%s'],
              'id': 'u-1',
              'externalId': 'ext-1',
              'meta': {'resourceType': 'User', 'created': '2024-01-01T00:00:00Z', 'lastModified': '2024-02-01T00:00:00Z',
                       'version': 'W/3'},
              'userName': 'ada',
              'name': {'givenName': 'Ada', 'familyName': 'Lovelace'},
              'emails': [{'value': 'ada@x.org', 'type': 'work', 'primary': true}, {'value': 'a@home.org', 'type': 'home'}],
              'active': true,
              'password': 'should never be here',
              'groups': [{'value': 'g-1', 'display': 'Admins'}],
              '%s': {'department': 'R&D', 'manager': {'value': 'u-9'}}
            }""".formatted(ENT, ENT));

    static ObjectNode project(String attributes, String excluded) {
        return Projection.project(USER, FULL_USER, Projection.parseList(attributes), Projection.parseList(excluded));
    }

    @Test
    void noParametersReturnsDefaultsButNeverPassword() {
        ObjectNode out = project(null, null);
        ObjectNode expected = FULL_USER.deepCopy();
        expected.remove("password");
        assertEquals(expected, out);
    }

    @Test
    void attributesReturnsOnlyThoseAndTheAlwaysOnes() {
        assertEquals(json("{'schemas':" + FULL_USER.get("schemas") + ",'id':'u-1','userName':'ada'}"),
                project("userName", null));
    }

    @Test
    void attributesAreCaseInsensitive() {
        assertEquals(json("{'schemas':" + FULL_USER.get("schemas") + ",'id':'u-1','userName':'ada'}"),
                project("USERNAME", ""));
    }

    @Test
    void subAttributeSelection() {
        ObjectNode out = project("name.givenName,emails.value", null);
        assertEquals(json("{'givenName':'Ada'}"), out.get("name"));
        assertEquals(json("{'e':[{'value':'ada@x.org'},{'value':'a@home.org'}]}").get("e"), out.get("emails"));
        assertFalse(out.has("userName"));
    }

    @Test
    void extensionUrnReturnsTheWholeExtension() {
        ObjectNode out = project(ENT, null);
        assertEquals(FULL_USER.get(ENT), out.get(ENT));
        assertFalse(out.has("userName"));
    }

    @Test
    void qualifiedAndUnqualifiedExtensionAttributes() {
        assertEquals(json("{'department':'R&D'}"), project(ENT + ":department", null).get(ENT));
        assertEquals(json("{'department':'R&D'}"), project("department", null).get(ENT));
        assertEquals(json("{'manager':{'value':'u-9'}}"), project(ENT + ":manager.value", null).get(ENT));
    }

    @Test
    void qualifiedCoreAttribute() {
        assertEquals("ada", project("urn:ietf:params:scim:schemas:core:2.0:User:userName", null).get("userName").asText());
    }

    @Test
    void excludedAttributesRemoveButNeverTheAlwaysOnes() {
        ObjectNode out = project(null, "id,schemas,emails,name.familyName,meta.version," + ENT + ":manager,groups");
        assertTrue(out.has("id"));
        assertTrue(out.has("schemas"));
        assertFalse(out.has("emails"));
        assertFalse(out.has("groups"));
        assertEquals(json("{'givenName':'Ada'}"), out.get("name"));
        assertFalse(out.get("meta").has("version"));
        assertTrue(out.get("meta").has("created"));
        assertEquals(json("{'department':'R&D'}"), out.get(ENT));
    }

    @Test
    void excludingTheWholeExtension() {
        assertFalse(project(null, ENT).has(ENT));
    }

    @Test
    void askingForPasswordStillNeverReturnsIt() {
        assertFalse(project("password,userName", null).has("password"));
    }

    @Test
    void unknownNamesAreIgnored() {
        assertEquals(project(null, null), project(null, "shoeSize,urn:example:x:1.0:Foo:bar"));
        assertEquals(json("{'schemas':" + FULL_USER.get("schemas") + ",'id':'u-1'}"), project("shoeSize", null));
    }

    @Test
    void requestOnlyAttributesNeedAsking() {
        AttributeDefinition secretish = new AttributeDefinition("auditTrail", AttributeType.STRING, false, null, false,
                false, Mutability.READ_ONLY, Returned.REQUEST, Uniqueness.NONE, null, null, null);
        ResourceSchema rs = TestSchemas.withAttributes(secretish, TestSchemas.attr("nick", AttributeType.STRING, Mutability.READ_WRITE));
        ObjectNode full = json("{'schemas':['" + TestSchemas.URN + "'],'id':'w1','auditTrail':'t','nick':'n'}");
        assertFalse(Projection.project(rs, full, List.of(), List.of()).has("auditTrail"));
        assertTrue(Projection.project(rs, full, Projection.parseList("auditTrail"), List.of()).has("auditTrail"));
        assertFalse(Projection.wants(rs, "auditTrail", List.of(), List.of()));
        assertTrue(Projection.wants(rs, "auditTrail", Projection.parseList("auditTrail"), List.of()));
    }

    @Test
    void wantsMembers() {
        List<AttributePath> none = List.of();
        assertTrue(Projection.wants(GROUP, "members", none, none));
        assertFalse(Projection.wants(GROUP, "members", none, Projection.parseList("members")));
        assertTrue(Projection.wants(GROUP, "members", none, Projection.parseList("members.display")));
        assertFalse(Projection.wants(GROUP, "members", Projection.parseList("displayName"), none));
        assertTrue(Projection.wants(GROUP, "members", Projection.parseList("members.value"), none));
        assertTrue(Projection.wants(GROUP, "members", Projection.parseList("urn:ietf:params:scim:schemas:core:2.0:Group"), none));
        assertTrue(Projection.wants(GROUP, "id", Projection.parseList("displayName"), Projection.parseList("id")));
        assertFalse(Projection.wants(USER, "password", none, none));
        assertFalse(Projection.wants(USER, "nonsense", none, none));
    }

    @Test
    void groupWithMembersProjection() {
        ObjectNode full = json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1','displayName':'G',
                 'members':[{'value':'u1','$ref':'https://x/Users/u1','type':'User','display':'Ada'}]}""");
        ObjectNode out = Projection.project(GROUP, full, Projection.parseList("members.value"), List.of());
        assertEquals(json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1','members':[{'value':'u1'}]}"), out);
    }

    @Test
    void parseList() {
        assertEquals(List.of(), Projection.parseList(null));
        assertEquals(List.of(), Projection.parseList("   "));
        assertEquals(List.of(AttributePath.of("userName"), new AttributePath(null, "name", "givenName")),
                Projection.parseList(" userName , name.givenName,"));
        ScimValidationException e = assertThrows(ScimValidationException.class, () -> Projection.parseList("userName,1bad"));
        assertEquals("invalidValue", e.scimType());
        assertTrue(e.detail().contains("1bad"));
        assertThrows(ScimValidationException.class, () -> Projection.parseList("name.given.name"));
    }
}
