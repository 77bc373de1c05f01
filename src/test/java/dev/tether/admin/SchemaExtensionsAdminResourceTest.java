package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A directory's own extension schemas (Entra/Okta custom attributes) and its policy for attributes
 * no schema defines, as an operator sets them and as the IdP then sees the SCIM endpoint.
 */
@QuarkusTest
class SchemaExtensionsAdminResourceTest {

    static final String CONTOSO = "urn:ietf:params:scim:schemas:extension:Contoso:2.0:User";
    static final String FABRIKAM = "urn:ietf:params:scim:schemas:extension:Fabrikam:2.0:User";

    @Inject
    DataSource dataSource;

    private static String extension(String urn, String attribute) {
        return """
                {"resourceType":"User","schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],
                 "id":"%s","name":"ContosoUser","description":"Contoso custom attributes",
                 "attributes":[{"name":"%s","type":"string","multiValued":false,"required":false,
                   "caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"none"},
                   {"name":"badgeNumber","type":"integer"}]}""".formatted(urn, attribute);
    }

    private static void register(ScimDirectory dir, String body) {
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/directories/" + dir.id() + "/schemas").then().statusCode(201);
    }

    private static void policy(ScimDirectory dir, String policy) {
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(Map.of("policy", policy))
                .put("/admin/v1/directories/" + dir.id() + "/unknown-attributes")
                .then().statusCode(200).body("policy", equalTo(policy));
    }

    private static String entraUser(String userName, String urn, String attribute, String value) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
                 "userName":"%s","active":true,"externalId":"%s",
                 "%s":{"%s":"%s"}}""".formatted(urn, userName, UUID.randomUUID(), urn, attribute, value);
    }

    @Test
    void aRegisteredExtensionIsStoredReturnedFilterableAndPatchable() {
        ScimDirectory dir = ScimDirectory.create("ext-entra");
        register(dir, extension(CONTOSO, "buildingCode"));
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/" + dir.id() + "/schemas")
                .then().statusCode(200).body("id", hasItem(CONTOSO)).body("[0].resourceType", equalTo("User"));

        String id = dir.scim().body(entraUser("ann@contoso.com", CONTOSO, "buildingCode", "cc-41"))
                .post(dir.path("/Users")).then().statusCode(201)
                .body("'" + CONTOSO + "'.buildingCode", equalTo("cc-41"))
                .extract().path("id");
        dir.scim().body(entraUser("bob@contoso.com", CONTOSO, "buildingCode", "cc-99"))
                .post(dir.path("/Users")).then().statusCode(201);

        dir.scim().queryParam("filter", CONTOSO + ":buildingCode eq \"cc-41\"").get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].userName", equalTo("ann@contoso.com"));

        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"%s:buildingCode","value":"cc-77"}]}""".formatted(CONTOSO))
                .patch(dir.path("/Users/" + id)).then().statusCode(200)
                .body("'" + CONTOSO + "'.buildingCode", equalTo("cc-77"));
        dir.scim().get(dir.path("/Users/" + id)).then().statusCode(200)
                .body("'" + CONTOSO + "'.buildingCode", equalTo("cc-77"));
        // values are validated against the registered definition
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"%s:badgeNumber","value":"not a number"}]}""".formatted(CONTOSO))
                .patch(dir.path("/Users/" + id)).then().statusCode(400);
    }

    @Test
    void discoveryShowsADirectorysExtensionToThatDirectoryOnly() {
        ScimDirectory mine = ScimDirectory.create("ext-mine");
        ScimDirectory other = ScimDirectory.create("ext-other");
        register(mine, extension(CONTOSO, "buildingCode"));
        String holder = mine.scim().body(entraUser("old@contoso.com", CONTOSO, "buildingCode", "b-1"))
                .post(mine.path("/Users")).then().statusCode(201).extract().path("id");

        mine.scim().get(mine.path("/Schemas")).then().statusCode(200).body("Resources.id", hasItem(CONTOSO));
        mine.scim().get(mine.path("/Schemas/" + CONTOSO)).then().statusCode(200)
                .body("attributes.name", hasItem("buildingCode"));
        mine.scim().get(mine.path("/ResourceTypes/User")).then().statusCode(200)
                .body("schemaExtensions.schema", hasItem(CONTOSO));

        other.scim().get(other.path("/Schemas")).then().statusCode(200).body("Resources.id", not(hasItem(CONTOSO)));
        other.scim().get(other.path("/Schemas/" + CONTOSO)).then().statusCode(404);
        other.scim().get(other.path("/ResourceTypes/User")).then().statusCode(200)
                .body("schemaExtensions.schema", not(hasItem(CONTOSO)));
        other.scim().body(entraUser("ann@other.com", CONTOSO, "buildingCode", "x"))
                .post(other.path("/Users")).then().statusCode(400);

        // removed: no longer served, and unknown again
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/" + mine.id() + "/schemas/" + CONTOSO).then().statusCode(204);
        mine.scim().get(mine.path("/Schemas")).then().statusCode(200).body("Resources.id", not(hasItem(CONTOSO)));
        mine.scim().body(entraUser("zed@contoso.com", CONTOSO, "buildingCode", "x"))
                .post(mine.path("/Users")).then().statusCode(400);
        // a user still holding the removed extension's values can be patched: they go with the write
        mine.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Old"}]}""")
                .patch(mine.path("/Users/" + holder)).then().statusCode(200)
                .body("displayName", equalTo("Old")).body("'" + CONTOSO + "'", equalTo(null));
    }

    @Test
    void badSchemasAreRefusedWithAProblem() {
        ScimDirectory dir = ScimDirectory.create("ext-bad");
        String path = "/admin/v1/directories/" + dir.id() + "/schemas";
        // not under the extension namespace
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(extension("urn:example:Contoso", "costCenter")).post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("urn:ietf:params:scim:schemas:extension:"));
        // a name of the core schema or the enterprise extension would shadow, or be shadowed by, the built-in one
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(extension(CONTOSO, "userName")).post(path)
                .then().statusCode(400).body("detail", containsString("clashes"));
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(extension(CONTOSO, "costCenter")).post(path)
                .then().statusCode(400).body("detail", containsString("enterprise"));
        // the built-in enterprise extension cannot be redefined
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(extension("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "foo")).post(path)
                .then().statusCode(400);
        // a malformed attribute definition
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body("""
                        {"resourceType":"User","id":"%s","attributes":[{"name":"x","type":"colour"}]}""".formatted(CONTOSO))
                .post(path).then().statusCode(400).body("detail", containsString("x"));
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body("""
                        {"resourceType":"Printer","id":"%s","attributes":[{"name":"x"}]}""".formatted(CONTOSO))
                .post(path).then().statusCode(400);
        register(dir, extension(CONTOSO, "buildingCode"));
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(extension(CONTOSO, "buildingCode")).post(path).then().statusCode(400);
        given().auth().oauth2(AdminTokens.withGroups("tether-auditor")).contentType(ContentType.JSON)
                .body(extension(FABRIKAM, "costCenter")).post(path).then().statusCode(403);
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(Map.of("policy", "maybe"))
                .put("/admin/v1/directories/" + dir.id() + "/unknown-attributes").then().statusCode(400);
    }

    @Test
    void anUnregisteredExtensionIsRefusedUnderRejectAndDroppedUnderIgnore() throws Exception {
        ScimDirectory dir = ScimDirectory.create("ext-policy");
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + dir.id() + "/unknown-attributes")
                .then().statusCode(200).body("policy", equalTo("reject"));
        dir.scim().body(entraUser("ann@fabrikam.com", FABRIKAM, "costCenter", "cc-1"))
                .post(dir.path("/Users")).then().statusCode(400).body("scimType", equalTo("invalidSyntax"));

        policy(dir, "ignore");
        String requestId = "idp-" + UUID.randomUUID();
        String id = dir.scim().header("X-Request-Id", requestId)
                .body(entraUser("ann@fabrikam.com", FABRIKAM, "costCenter", "cc-1"))
                .post(dir.path("/Users")).then().statusCode(201)
                .body("userName", equalTo("ann@fabrikam.com"))
                .body("'" + FABRIKAM + "'", equalTo(null))
                .extract().path("id");
        // unknown core attribute and unknown PATCH path are dropped too
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"%s:costCenter","value":"cc-2"},
                               {"op":"replace","path":"displayName","value":"Ann"}]}""".formatted(FABRIKAM))
                .patch(dir.path("/Users/" + id)).then().statusCode(200).body("displayName", equalTo("Ann"));

        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT details->'droppedAttributes', request_id FROM audit_records
                WHERE directory_id = ? AND action = 'user.create'""")) {
            ps.setObject(1, UUID.fromString(dir.id()));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "an audit record of the create");
                assertEquals("[\"" + FABRIKAM + ":costCenter\"]", rs.getString(1));
                assertEquals(requestId, rs.getString(2));
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT details->'droppedAttributes' FROM audit_records
                WHERE directory_id = ? AND action = 'user.update'""")) {
            ps.setObject(1, UUID.fromString(dir.id()));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "an audit record of the update");
                assertEquals("[\"" + FABRIKAM + ":costCenter\"]", rs.getString(1));
            }
        }
        String metrics = dev.tether.testing.Management.metrics();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("tether_scim_dropped_attributes_total")
                        && l.contains("directory=\"" + dir.id() + "\"") && l.contains("schema=\"" + FABRIKAM + "\"")),
                "the dropped-attributes counter names the directory and schema");

        // the operator's changes are audited with the JWT subject
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT actor_id, details->>'policy' FROM audit_records
                WHERE directory_id = ? AND action = 'directory.unknown-attributes.change'""")) {
            ps.setObject(1, UUID.fromString(dir.id()));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("test-operator", rs.getString(1));
                assertEquals("ignore", rs.getString(2));
            }
        }
    }

    @Test
    void underIgnoreEveryWriteThatDroppedSomethingIsOnTheTrail() throws Exception {
        ScimDirectory dir = ScimDirectory.create("ext-policy-trail");
        policy(dir, "ignore");
        String user = dir.scim().body(entraUser("bea@fabrikam.com", FABRIKAM, "costCenter", "cc-1"))
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");

        // a PATCH that holds nothing but an unknown attribute changes nothing, and is still recorded
        String patchId = "idp-" + UUID.randomUUID();
        dir.scim().header("X-Request-Id", patchId).body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"%s:costCenter","value":"cc-2"}]}""".formatted(FABRIKAM))
                .patch(dir.path("/Users/" + user)).then().statusCode(200);
        assertEquals(List.of("scim.attributes.dropped|User|" + user + "|[\"" + FABRIKAM + ":costCenter\"]"),
                records(dir, patchId));

        // an agent's create names what it dropped, as a user's does
        String agentId = "idp-" + UUID.randomUUID();
        String agent = dir.scim().header("X-Request-Id", agentId).body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Agent","%s"],"name":"drop-bot",
                 "%s":{"costCenter":"cc-3"}}""".formatted(FABRIKAM, FABRIKAM))
                .post(dir.path("/Agents")).then().statusCode(201).extract().path("id");
        assertEquals(List.of("agent.create|Agent|" + agent + "|[\"" + FABRIKAM + ":costCenter\"]"),
                records(dir, agentId));
    }

    /** The audit records one request wrote: action|target type|target id|droppedAttributes. */
    private List<String> records(ScimDirectory dir, String requestId) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT action, target_type, target_id, details->'droppedAttributes' FROM audit_records
                WHERE directory_id = ? AND request_id = ? ORDER BY id""")) {
            ps.setObject(1, UUID.fromString(dir.id()));
            ps.setString(2, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
                }
            }
        }
        return out;
    }

    @Test
    void serviceProviderConfigAndGroupSchemaDescribeAgents() {
        ScimDirectory dir = ScimDirectory.create("ext-agents");
        dir.scim().get(dir.path("/ServiceProviderConfig")).then().statusCode(200)
                .body("agentExtension.supported", equalTo(true))
                .body("agentExtension.agentsSupported", equalTo(true))
                .body("agentExtension.agenticApplicationsSupported", equalTo(false));
        dir.scim().get(dir.path("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")).then().statusCode(200)
                .body("attributes.find { it.name == 'members' }.subAttributes.find { it.name == '$ref' }.referenceTypes",
                        hasItem("Agent"));
    }
}
