package dev.tether.scim.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.directory.ConnectionActivity;
import dev.tether.directory.ConnectionHealth;
import dev.tether.testing.ScimDirectory;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a directory's IdP connection did is recorded per directory, once, so the setup page and
 * the console's directory pages can tell whether the IdP got through, how often it failed over
 * the last 24 h, which IdP it looks like and what went wrong.
 */
@QuarkusTest
class ScimConnectionActivityTest {

    private static final String USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}""";

    @Inject
    ConnectionActivity activity;

    @Test
    void anOktaStyleFirstSyncIsRecordedAsAReadThenAUserWrite() throws Exception {
        ScimDirectory dir = ScimDirectory.create("activity-okta");
        assertNull(row(dir.id()), "no request yet, no row");

        dir.scim().header("User-Agent", "Okta SCIM Client 1.0.0").queryParam("filter", "userName eq \"ada@example.com\"")
                .get(dir.path("/Users")).then().statusCode(200);
        dir.scim().header("User-Agent", "Okta SCIM Client 1.0.0").body(USER.formatted("ada@example.com"))
                .post(dir.path("/Users")).then().statusCode(201);
        activity.flush();

        Map<String, Object> row = row(dir.id());
        assertNotNull(row);
        assertEquals(List.of(2L, 0L), hours(dir.id()), "2 requests, no errors this hour");
        assertNotNull(row.get("last_read_at"));
        assertNotNull(row.get("last_user_write_at"));
        assertEquals("POST", row.get("last_method"));
        assertEquals("Users", row.get("last_resource"));
        assertEquals(201, row.get("last_status"));
        assertEquals("Okta SCIM Client 1.0.0", row.get("last_user_agent"));
        assertNull(row.get("last_error_at"));

        ConnectionHealth health = activity.health(UUID.fromString(dir.id()));
        assertEquals(2L, health.requests24h());
        assertEquals(0L, health.errors24h());
        assertEquals("Okta", health.idp());
        assertEquals(health, activity.health().get(UUID.fromString(dir.id())), "the list reads what the page reads");
        ConnectionActivity.Counts counts = activity.counts(UUID.fromString(dir.id()));
        assertEquals(new ConnectionActivity.Counts(1, 1, 0, 0), counts);
    }

    @Test
    void aWrongTokenOnTheRightUrlAndAScimErrorAreRecordedWithWhatWasSent() throws Exception {
        ScimDirectory dir = ScimDirectory.create("activity-errors");
        dir.scim().body(USER.formatted("grace@example.com")).post(dir.path("/Users")).then().statusCode(201);
        dir.scim().body(USER.formatted("grace@example.com")).post(dir.path("/Users")).then().statusCode(409);
        activity.flush();
        Map<String, Object> conflict = row(dir.id());
        assertEquals(409, conflict.get("last_error_status"));
        assertEquals("uniqueness", conflict.get("last_error_scim_type"));
        assertNotNull(conflict.get("last_error_detail"));
        assertEquals("POST", conflict.get("last_error_method"));

        given().auth().oauth2("tether_not-the-token").get(dir.path("/Users")).then().statusCode(401);
        activity.flush();
        Map<String, Object> refused = row(dir.id());
        assertEquals(List.of(3L, 2L), hours(dir.id()), "a wrong token's 401 counts as a request and an error");
        assertEquals(401, refused.get("last_error_status"));
        assertEquals(401, refused.get("last_status"));
        assertTrue(((java.sql.Timestamp) refused.get("last_error_at")).after((java.sql.Timestamp) conflict.get("last_error_at")));

        ConnectionHealth health = activity.health(UUID.fromString(dir.id()));
        assertEquals(3L, health.requests24h());
        assertEquals(2L, health.errors24h());
        assertEquals(401, health.lastErrorStatus());
    }

    @Test
    void aTokenOfAnotherDirectoryIsCountedOnTheDirectoryWhoseUrlItWasSentTo() throws Exception {
        ScimDirectory mine = ScimDirectory.create("activity-mine");
        ScimDirectory other = ScimDirectory.create("activity-other");
        given().auth().oauth2(other.token()).header("User-Agent", "Azure AD SCIM client")
                .get(mine.path("/Users")).then().statusCode(401);
        activity.flush();
        assertEquals(List.of(1L, 1L), hours(mine.id()));
        assertEquals(401, row(mine.id()).get("last_status"));
        assertEquals("Microsoft Entra ID", activity.health(UUID.fromString(mine.id())).idp());
        assertNull(row(other.id()), "the token's own directory saw no request");
        assertEquals(List.of(), hours(other.id()));
    }

    @Test
    void requestsToAnIdThatNamesNoDirectoryLeaveNoRow() throws Exception {
        String nothing = UUID.randomUUID().toString();
        given().auth().oauth2("tether_whatever").get("/scim/v2/" + nothing + "/Users").then().statusCode(401);
        given().get("/scim/v2/" + nothing + "/Users").then().statusCode(401);
        activity.flush();
        assertNull(row(nothing));
        assertEquals(List.of(), hours(nothing));
        assertNull(activity.health().get(UUID.fromString(nothing)));
    }

    /** The directory's hour rows summed as [requests, errors]; empty when it has none. */
    private static List<Long> hours(String directoryId) throws Exception {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT count(*), sum(requests), sum(errors) FROM directory_scim_traffic
                        WHERE directory_id = ? AND hour >= now() - interval '2 hours'""")) {
            ps.setObject(1, UUID.fromString(directoryId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0 ? List.of() : List.of(rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private static Map<String, Object> row(String directoryId) throws Exception {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM scim_connection_activity WHERE directory_id = ?")) {
            ps.setObject(1, UUID.fromString(directoryId));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return row;
            }
        }
    }
}
