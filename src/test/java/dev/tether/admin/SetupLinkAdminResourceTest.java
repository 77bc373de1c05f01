package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An operator makes, lists and revokes the setup links of a directory; each step is in its audit trail. */
@QuarkusTest
class SetupLinkAdminResourceTest {

    private static Response create(String dir, Object body) {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/directories/{id}/setup-links", dir);
    }

    private static JsonPath list(String dir) {
        return given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{id}/setup-links", dir)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aLinkIsShownOnceValidForADayByDefaultAndListedWithoutItsSecret() {
        String dir = AdminApi.createDirectory("setup-links-default");
        Response created = create(dir, "{}");
        created.then().statusCode(201)
                .body("url", matchesPattern("http://[^/]+/link/tl_[A-Za-z0-9_-]{43}"))
                .body("idp", equalTo(null));
        String id = created.path("id");
        created.then().header("Location", endsWith("/admin/v1/directories/" + dir + "/setup-links/" + id));
        Instant createdAt = Instant.parse(created.path("createdAt"));
        assertEquals(Duration.ofHours(24), Duration.between(createdAt, Instant.parse(created.path("expiresAt"))));

        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{id}/setup-links", dir)
                .then().statusCode(200)
                .body("[0].id", equalTo(id))
                .body("[0].status", equalTo("unused"))
                .body("[0]", not(hasKey("url")))
                .body("[0].createdBy", containsString("admin"))
                .body(not(containsString(created.<String>path("url").substring(created.<String>path("url").indexOf("tl_")))));
        assertTrue(actions(dir).contains("link.create"), actions(dir).toString());
    }

    @Test
    void expiresInTakesAnIsoDurationOrSecondsAndAnIdpHint() {
        String dir = AdminApi.createDirectory("setup-links-lifetime");
        Response week = create(dir, Map.of("expiresIn", "P7D", "idp", "okta"));
        week.then().statusCode(201).body("idp", equalTo("okta"));
        assertEquals(Duration.ofDays(7), Duration.between(Instant.parse(week.path("createdAt")),
                Instant.parse(week.path("expiresAt"))));
        Response hour = create(dir, Map.of("expiresIn", 3600));
        hour.then().statusCode(201);
        assertEquals(Duration.ofHours(1), Duration.between(Instant.parse(hour.path("createdAt")),
                Instant.parse(hour.path("expiresAt"))));
        list(dir).getList("idp").contains("okta");
    }

    @Test
    void badLifetimesAndUnknownIdpsAreProblemsAndMakeNoLink() {
        String dir = AdminApi.createDirectory("setup-links-bad");
        for (Object body : List.<Object>of(Map.of("expiresIn", "P8D"), Map.of("expiresIn", 604801), Map.of("expiresIn", 0),
                Map.of("expiresIn", "PT-1H"), Map.of("expiresIn", "tomorrow"), Map.of("expiresIn", true),
                Map.of("idp", "ping"))) {
            create(dir, body).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400));
        }
        create(dir, Map.of("expiresIn", "P8D")).then().body("detail", containsString("expiresIn"));
        create(dir, Map.of("idp", "ping")).then().body("detail", containsString("entra, okta, google, onelogin, jumpcloud"));
        assertEquals(0, list(dir).getList("$").size());
        create(UUID.randomUUID().toString(), "{}").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aRevokedLinkIsListedAsRevokedAndOnlyItsOwnDirectoryCanRevokeIt() {
        String dir = AdminApi.createDirectory("setup-links-revoke");
        String other = AdminApi.createDirectory("setup-links-other");
        String id = create(dir, "{}").then().statusCode(201).extract().path("id");
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/{id}/setup-links/{link}", other, id)
                .then().statusCode(404).contentType("application/problem+json");
        assertEquals("unused", list(dir).getString("[0].status"));
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/{id}/setup-links/{link}", dir, id)
                .then().statusCode(204);
        assertEquals("revoked", list(dir).getString("[0].status"));
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/{id}/setup-links/{link}", dir, UUID.randomUUID())
                .then().statusCode(404);
        assertTrue(actions(dir).contains("link.revoke"), actions(dir).toString());
    }

    @Test
    void onlyOperatorsMakeSetupLinks() {
        String dir = AdminApi.createDirectory("setup-links-roles");
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR)).contentType(ContentType.JSON).body("{}")
                .post("/admin/v1/directories/{id}/setup-links", dir).then().statusCode(403);
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.INTEGRATION)).get("/admin/v1/directories/{id}/setup-links", dir)
                .then().statusCode(403);
        assertEquals(0, list(dir).getList("$").size());
    }

    private static List<String> actions(String dir) {
        return given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/directories/{id}/audit?count=1000", dir)
                .then().statusCode(200).extract().jsonPath().getList("records.record.action");
    }
}
