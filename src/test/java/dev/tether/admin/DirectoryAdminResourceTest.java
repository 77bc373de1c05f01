package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.directory.ScimTokens;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DirectoryAdminResourceTest {

    @Inject
    DataSource dataSource;

    /** What the database holds for the token: only its hash. */
    private byte[] storedHash(String tokenId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT token_hash FROM scim_tokens WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(tokenId));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the token's row");
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void createsReadsAndListsDirectories() {
        Response created = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme Entra"))
                .post("/admin/v1/directories");
        created.then().statusCode(201)
                .body("name", equalTo("Acme Entra"))
                .body("id", notNullValue())
                .body("createdAt", notNullValue());
        String id = created.path("id");
        created.then()
                .header("Location", endsWith("/admin/v1/directories/" + id))
                .body("scimBaseUrl", startsWith("http://"))
                .body("scimBaseUrl", endsWith("/scim/v2/" + id));

        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}", id)
                .then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("Acme Entra"));

        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories")
                .then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void refusesDirectoryWithoutName() {
        for (String body : List.of("{}", "{\"name\":\"  \"}", "")) {
            given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(body)
                    .post("/admin/v1/directories")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", is(400))
                    .body("title", equalTo("Bad Request"))
                    .body("type", notNullValue())
                    .body("detail", notNullValue());
        }
    }

    @Test
    void refusesMalformedJsonAsProblem() {
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body("{\"name\":")
                .post("/admin/v1/directories")
                .then().statusCode(400).contentType("application/problem+json").body("status", is(400));
    }

    @Test
    void unknownDirectoryIs404Problem() {
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", is(404));
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/{id}", UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void withoutJwtIs401() {
        given().get("/admin/v1/directories")
                .then().statusCode(401).contentType("application/problem+json").body("status", is(401));
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/admin/v1/directories")
                .then().statusCode(401);
    }

    @Test
    void invalidJwtIs401() {
        given().auth().oauth2("not-a-jwt").get("/admin/v1/directories").then().statusCode(401);
        given().auth().oauth2(AdminTokens.signedByStranger()).get("/admin/v1/directories").then().statusCode(401);
    }

    @Test
    void jwtWithoutOperatorRoleIs403() {
        given().auth().oauth2(AdminTokens.withGroups("tether-auditor"))
                .get("/admin/v1/directories")
                .then().statusCode(403).contentType("application/problem+json").body("status", is(403));
        given().auth().oauth2(AdminTokens.withGroups()).contentType(ContentType.JSON)
                .body(Map.of("name", "x")).post("/admin/v1/directories")
                .then().statusCode(403);
    }

    @Test
    void issuesListsAndRevokesTokensWithoutShowingSecrets() throws Exception {
        String dir = AdminApi.createDirectory("tokens");
        Response issued = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("description", "Entra", "expiresAt", "2099-01-01T00:00:00Z"))
                .post("/admin/v1/directories/{id}/tokens", dir);
        issued.then().statusCode(201)
                .body("id", notNullValue())
                .body("token", startsWith("tether_"))
                .body("createdAt", notNullValue())
                .body("expiresAt", equalTo("2099-01-01T00:00:00Z"));
        String token = issued.path("token");
        String tokenId = issued.path("id");
        // 32 random bytes, base64url without padding
        byte[] secret = Base64.getUrlDecoder().decode(token.substring("tether_".length()));
        assertEquals(32, secret.length);
        assertTrue(!token.contains("="));

        // the stored hash is SHA-256 of the token's UTF-8 bytes
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        byte[] stored = storedHash(tokenId);
        assertArrayEquals(expected, stored);
        assertArrayEquals(expected, ScimTokens.hash(token));

        String second = AdminApi.issueToken(dir).get("id");

        String listed = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}/tokens", dir)
                .then().statusCode(200)
                .body("size()", is(2))
                .body("[0].id", equalTo(tokenId))
                .body("[0].description", equalTo("Entra"))
                .body("[0].revokedAt", nullValue())
                .body("[0].lastUsedAt", nullValue())
                .body("[1].id", equalTo(second))
                .extract().asString();
        assertTrue(!listed.contains(token.substring(7)), "list must not show secrets");
        assertTrue(!listed.contains("\"token\""), "list must not have a token field");

        AdminApi.revokeToken(dir, tokenId);
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}/tokens", dir)
                .then().statusCode(200).body("[0].revokedAt", notNullValue()).body("[1].revokedAt", nullValue());

        // a token id of another directory is not found through this one
        String other = AdminApi.createDirectory("other");
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/{id}/tokens/{tokenId}", other, second)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void refusesExpiryInThePast() {
        String dir = AdminApi.createDirectory("expiry");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("expiresAt", "2001-01-01T00:00:00Z"))
                .post("/admin/v1/directories/{id}/tokens", dir)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void disabledDirectoryGetsNoNewTokens() {
        String dir = AdminApi.createDirectory("to disable");
        AdminApi.disableDirectory(dir);
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}", dir)
                .then().statusCode(200).body("disabledAt", notNullValue());
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body("{}")
                .post("/admin/v1/directories/{id}/tokens", dir)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body("{}")
                .post("/admin/v1/directories/{id}/tokens", UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void renamesAndRotatesWithOverlapLeavingTheSameRecordsAsTheConsole() {
        String dir = AdminApi.createDirectory("before rename");
        given().auth().oauth2(AdminTokens.operator()).contentType("application/merge-patch+json")
                .body(Map.of("name", "  After rename ")).patch("/admin/v1/directories/{id}", dir)
                .then().statusCode(200).body("name", equalTo("After rename")).body("id", equalTo(dir));
        // the same name again changes nothing and records nothing
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("name", "After rename")).patch("/admin/v1/directories/{id}", dir)
                .then().statusCode(200);
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("name", " ")).patch("/admin/v1/directories/{id}", dir)
                .then().statusCode(400).contentType("application/problem+json");

        Map<String, String> old = AdminApi.issueToken(dir);
        Response rotated = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("overlap", "PT2H"))
                .post("/admin/v1/directories/{id}/tokens/{tokenId}/rotate", dir, old.get("id"));
        rotated.then().statusCode(201)
                .body("token", startsWith("tether_"))
                .body("replaces", equalTo(old.get("id")))
                .body("replacedExpiresAt", notNullValue());
        java.time.Instant oldEnds = java.time.Instant.parse(rotated.path("replacedExpiresAt"));
        java.time.Duration left = java.time.Duration.between(java.time.Instant.now(), oldEnds);
        assertTrue(left.compareTo(java.time.Duration.ofMinutes(110)) > 0 && left.compareTo(java.time.Duration.ofHours(2)) <= 0,
                "the old token works for the overlap: " + left);
        // both tokens work during the overlap
        for (String token : List.of(old.get("token"), rotated.<String>path("token"))) {
            given().auth().oauth2(token).get("/scim/v2/{id}/Users", dir).then().statusCode(200);
        }
        // a rotated token is no longer active for another rotation; an overlap past 30 days is refused
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(Map.of("overlap", "P31D"))
                .post("/admin/v1/directories/{id}/tokens/{tokenId}/rotate", dir, rotated.<String>path("id"))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(Map.of("overlap", "soon"))
                .post("/admin/v1/directories/{id}/tokens/{tokenId}/rotate", dir, rotated.<String>path("id"))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body("{\"overlap\":1,\"overlap\":2}")
                .post("/admin/v1/directories/{id}/tokens/{tokenId}/rotate", dir, rotated.<String>path("id"))
                .then().statusCode(400).contentType("application/problem+json");
        AdminApi.revokeToken(dir, old.get("id"));
        AdminApi.revokeToken(dir, old.get("id")); // already revoked: nothing more recorded
        given().auth().oauth2(AdminTokens.operator())
                .post("/admin/v1/directories/{id}/tokens/{tokenId}/rotate", dir, old.get("id"))
                .then().statusCode(404).contentType("application/problem+json");

        List<String> actions = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}/audit?count=1000", dir)
                .then().statusCode(200).extract().jsonPath().getList("records.record.action", String.class);
        assertEquals(List.of("directory.create", "directory.rename", "token.issue", "token.issue", "token.rotate",
                "token.revoke"), actions);
        List<String> actors = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}/audit?count=1000", dir)
                .then().extract().jsonPath().getList("records.record.actor.type", String.class);
        assertTrue(actors.stream().allMatch("admin"::equals), actors.toString());
    }
}
