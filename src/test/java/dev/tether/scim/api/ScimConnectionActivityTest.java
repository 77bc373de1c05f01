package dev.tether.scim.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.directory.ConnectionActivity;
import dev.tether.testing.ScimDirectory;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a directory's IdP connection did is recorded per directory, so the setup page and the
 * connection's health can tell the IT admin whether the IdP got through and what went wrong.
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
        assertEquals(2L, row.get("requests"));
        assertEquals(0L, row.get("errors"));
        assertNotNull(row.get("last_read_at"));
        assertNotNull(row.get("last_user_write_at"));
        assertEquals("POST", row.get("last_method"));
        assertEquals("Users", row.get("last_resource"));
        assertEquals(201, row.get("last_status"));
        assertEquals("Okta SCIM Client 1.0.0", row.get("last_user_agent"));
        assertNull(row.get("last_error_at"));
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
        assertEquals(3L, refused.get("requests"));
        assertEquals(2L, refused.get("errors"));
        assertEquals(401, refused.get("last_error_status"));
        assertEquals(401, refused.get("last_status"));
        assertTrue(((java.sql.Timestamp) refused.get("last_error_at")).after((java.sql.Timestamp) conflict.get("last_error_at")));
    }

    @Test
    void requestsToAnIdThatNamesNoDirectoryLeaveNoRow() throws Exception {
        String nothing = UUID.randomUUID().toString();
        given().auth().oauth2("tether_whatever").get("/scim/v2/" + nothing + "/Users").then().statusCode(401);
        activity.flush();
        assertNull(row(nothing));
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
