package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
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
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Switching IdP dialect rules off for one directory, and what its SCIM endpoint then refuses. */
@QuarkusTest
class DialectRulesAdminResourceTest {

    @Inject
    DataSource dataSource;

    private static String patch(String ops) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + ops + "]}";
    }

    private static String createUser(ScimDirectory dir, String userName) {
        return dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}"""
                        .formatted(userName))
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
    }

    @Test
    void everyRuleIsListedAndOnByDefault() {
        ScimDirectory dir = ScimDirectory.create("dialect-default");
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + dir.id() + "/dialect-rules")
                .then().statusCode(200)
                .body("id", hasItems("capitalised-ops", "string-booleans", "path-keys-in-no-path-value",
                        "manager-bare-string", "remove-by-value-list", "null-ref", "echoed-id-in-value",
                        "unquoted-filter-values"))
                .body("enabled", org.hamcrest.Matchers.everyItem(equalTo(true)))
                .body("find { it.id == 'string-booleans' }.idps", hasItem("Microsoft Entra ID"))
                .body("find { it.id == 'echoed-id-in-value' }.docs", org.hamcrest.Matchers.startsWith("https://"));
    }

    @Test
    void aSwitchedOffRuleRefusesTheQuirkInThatDirectoryOnly() throws Exception {
        ScimDirectory strict = ScimDirectory.create("dialect-strict");
        ScimDirectory lenient = ScimDirectory.create("dialect-lenient");
        String strictUser = createUser(strict, "ann@contoso.com");
        String lenientUser = createUser(lenient, "ann@contoso.com");

        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("disabled", java.util.List.of("capitalised-ops", "string-booleans")))
                .put("/admin/v1/directories/" + strict.id() + "/dialect-rules")
                .then().statusCode(200)
                .body("find { it.id == 'capitalised-ops' }.enabled", equalTo(false))
                .body("find { it.id == 'string-booleans' }.enabled", equalTo(false))
                .body("find { it.id == 'manager-bare-string' }.enabled", equalTo(true));
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + strict.id() + "/dialect-rules")
                .then().statusCode(200).body("find { it.id == 'capitalised-ops' }.enabled", equalTo(false));

        // Entra's leaver: capitalised op and a string boolean
        String entraLeaver = patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}");
        strict.scim().body(entraLeaver).patch(strict.path("/Users/" + strictUser))
                .then().statusCode(400).body("scimType", equalTo("invalidSyntax"));
        strict.scim().body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(strict.path("/Users/" + strictUser))
                .then().statusCode(400).body("scimType", equalTo("invalidValue"));
        strict.scim().get(strict.path("/Users/" + strictUser)).then().statusCode(200).body("active", equalTo(true));
        // the RFC form is still accepted
        strict.scim().body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(strict.path("/Users/" + strictUser)).then().statusCode(200).body("active", equalTo(false));

        // another directory keeps every rule
        lenient.scim().body(entraLeaver).patch(lenient.path("/Users/" + lenientUser))
                .then().statusCode(200).body("active", equalTo(false));

        // the change is in the directory's audit trail, naming the operator
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT actor_type, actor_id, target_type, details->'disabled' FROM audit_records
                WHERE directory_id = ? AND action = 'directory.dialect-rules.change'""")) {
            ps.setObject(1, UUID.fromString(strict.id()));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "an audit record of the change");
                assertEquals("admin", rs.getString(1));
                assertEquals("test-operator", rs.getString(2));
                assertEquals("Directory", rs.getString(3));
                assertEquals("[\"capitalised-ops\", \"string-booleans\"]", rs.getString(4));
            }
        }
    }

    @Test
    void switchedOffUnquotedFilterValuesRefusesABareWord() {
        ScimDirectory strict = ScimDirectory.create("dialect-filter");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("disabled", java.util.List.of("unquoted-filter-values")))
                .put("/admin/v1/directories/" + strict.id() + "/dialect-rules").then().statusCode(200);
        strict.scim().queryParam("filter", "externalId eq 0a21f0f2").get(strict.path("/Users"))
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));
        strict.scim().queryParam("filter", "externalId eq \"0a21f0f2\"").get(strict.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(0));
    }

    @Test
    void unknownRuleIsABadRequestAndChangesNothing() {
        ScimDirectory dir = ScimDirectory.create("dialect-unknown");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("disabled", java.util.List.of("capitalised-ops", "no-such-rule")))
                .put("/admin/v1/directories/" + dir.id() + "/dialect-rules")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + dir.id() + "/dialect-rules")
                .then().statusCode(200).body("find { it.id == 'capitalised-ops' }.enabled", equalTo(true));
    }

    @Test
    void unknownDirectoryIsNotFoundAndOtherRolesAreForbidden() {
        String unknown = UUID.randomUUID().toString();
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + unknown + "/dialect-rules").then().statusCode(404);
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("disabled", java.util.List.of()))
                .put("/admin/v1/directories/" + unknown + "/dialect-rules").then().statusCode(404);
        ScimDirectory dir = ScimDirectory.create("dialect-roles");
        given().auth().oauth2(AdminTokens.withGroups("tether-auditor")).contentType(ContentType.JSON)
                .body(Map.of("disabled", java.util.List.of("null-ref")))
                .put("/admin/v1/directories/" + dir.id() + "/dialect-rules").then().statusCode(403);
    }
}
