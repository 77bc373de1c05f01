package dev.tether.lineage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.DirectoryRows;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The leaver drill shows what a leaver would revoke and who would be told, changes nothing, and a
 * real leaver then revokes exactly that and tells exactly those.
 */
@QuarkusTest
class LeaverDrillTest {

    private static final String OPERATOR_TRAIL =
            "SELECT count(*) FROM audit_records WHERE directory_id = '00000000-0000-0000-0000-000000000000'";
    private static final String AUDITOR = AdminTokens.withGroups(AdminRoles.AUDITOR);

    @Test
    void theDrillIsWhatTheLeaverThenDoes() throws SQLException {
        LineageApi api = LineageApi.create("drill");
        String user = api.user("drill-user");
        String other = api.user("drill-other");
        String a = api.agent("drill-a");
        String b = api.agent("drill-b");
        String shared = api.agent("drill-shared");
        String d1 = api.delegateFromUser(user, a, List.of("read", "write"));
        String d2 = api.delegateFromAgent(a, b, List.of("read"));
        String d3 = api.delegateFromUser(user, shared, List.of("read"));
        String kept = api.delegateFromUser(other, shared, List.of("read"));
        String k1 = api.credential(a, d1, "drill-k1");
        String k2 = api.credential(b, d2, "drill-k2");
        String k3 = api.credential(shared, d3, "drill-k3");
        api.credential(shared, kept, "drill-k4");
        // already revoked: not the leaver's to revoke again
        String gone = api.delegateFromUser(user, api.agent("drill-gone"), List.of("read"));
        LineageApi.integration().delete(api.admin("/delegations/" + gone)).then().statusCode(204);

        String everything = subscription(api.dir().id(), null, null);
        String onlyCredentials = subscription(api.dir().id(), List.of("credential.revoked"), null);
        String forTheApi = subscription(api.dir().id(), null, List.of("https://api.example.com"));
        String forAnotherApp = subscription(api.dir().id(), null, List.of("https://other.example"));

        // other tests' subscriptions to every directory are told too (both by the drill and the leaver): not ours to count
        Set<String> mine = Set.of(everything, onlyCredentials, forTheApi, forAnotherApp);
        Map<String, Long> rowsBefore = DirectoryRows.count(api.dir().id());
        // deliveries of this directory's events: the sealer's checkpoints of any directory go to other tests'
        // all-directory subscriptions at their own pace
        String ownDeliveries = "SELECT count(*) FROM deliveries d JOIN events e ON e.id = d.event_id"
                + " WHERE e.directory_id = ?::uuid AND e.type <> 'audit.checkpoint'";
        long deliveriesBefore = count(ownDeliveries, api.dir().id());
        long trailBefore = count(OPERATOR_TRAIL);

        JsonPath drill = given().auth().oauth2(AUDITOR).accept(ContentType.JSON)
                .get(api.admin("/users/" + user + "/leaver-drill")).then().statusCode(200)
                .body("userActive", equalTo(true))
                .body("wouldRevoke.delegations", equalTo(3))
                .body("wouldRevoke.credentials", equalTo(3))
                .body("wouldRevoke.agentsSuspended", equalTo(2))
                .body("wouldRevoke.agentsAffected", equalTo(3))
                .extract().jsonPath();
        assertEquals(Set.of(d1, d2, d3), new TreeSet<>(drill.getList("delegations", String.class)));
        assertEquals(Set.of(k1, k2, k3), new TreeSet<>(drill.getList("credentials", String.class)));
        assertEquals(Set.of(a, b), new TreeSet<>(drill.getList("agentsSuspended", String.class)));
        assertEquals(Map.of(
                everything, Map.of("user.deactivated", 1, "delegation.revoked", 3, "credential.revoked", 3,
                        "agent.suspended", 2),
                onlyCredentials, Map.of("credential.revoked", 3),
                forTheApi, Map.of("credential.revoked", 3)), told(drill, mine));
        assertEquals(3, drill.getList("lineage").size(), "the user's three grants, revoked one included");

        // the drill changed nothing
        assertEquals(rowsBefore, DirectoryRows.count(api.dir().id()));
        assertEquals(deliveriesBefore, count(ownDeliveries, api.dir().id()));
        assertEquals(trailBefore, count(OPERATOR_TRAIL));
        assertEquals("active", api.delegationStatus(d1));
        assertEquals("active", api.credentialStatus(k3));
        assertEquals(true, api.agentActive(b));
        api.dir().scim().get(api.dir().path("/Users/" + user)).then().statusCode(200).body("active", equalTo(true));

        // the real leaver revokes exactly what the drill showed, and tells exactly those subscriptions
        UUID dir = UUID.fromString(api.dir().id());
        String inactiveAgents = "SELECT id FROM agents WHERE directory_id = ? AND active = false";
        Set<String> inactiveBefore = ids(inactiveAgents, dir);
        api.dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(api.dir().path("/Users/" + user)).then().statusCode(200);
        assertEquals(Set.of(d1, d2, d3), ids("SELECT id FROM delegations WHERE directory_id = ? AND revoke_reason = 'leaver'", dir));
        assertEquals(Set.of(k1, k2, k3), ids("SELECT id FROM credentials WHERE directory_id = ? AND revoke_reason = 'leaver'", dir));
        Set<String> suspended = ids(inactiveAgents, dir);
        suspended.removeAll(inactiveBefore);
        assertEquals(Set.of(a, b), suspended);
        assertEquals(told(drill, mine), Map.of(
                everything, delivered(everything), onlyCredentials, delivered(onlyCredentials),
                forTheApi, delivered(forTheApi)));
        assertEquals(Map.of(), delivered(forAnotherApp));
    }

    @Test
    void aDrillOfNoOneIsAProblem() {
        LineageApi api = LineageApi.create("drill-none");
        given().auth().oauth2(AUDITOR).get(api.admin("/users/" + UUID.randomUUID() + "/leaver-drill")).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AUDITOR).get(api.admin("/users/not-an-id/leaver-drill")).then()
                .statusCode(404).contentType("application/problem+json");
        // the integration role runs agents, it does not rehearse leavers
        LineageApi.integration().get(api.admin("/users/" + api.user("drill-none-user") + "/leaver-drill")).then()
                .statusCode(403);
    }

    private static String subscription(String directoryId, List<String> types, List<String> audiences) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", "http://127.0.0.1:9/drill");
        body.put("format", "standard-webhooks");
        body.put("directoryIds", List.of(directoryId));
        if (types != null) {
            body.put("eventTypes", types);
        }
        if (audiences != null) {
            body.put("audiences", audiences);
        }
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
    }

    /** What the drill says each of {@code ours} would be told (subscriptions it names that are not ours left out). */
    private static Map<String, Map<String, Integer>> told(JsonPath drill, Set<String> ours) {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (Map<String, Object> s : drill.<Map<String, Object>>getList("subscriptions")) {
            if (!ours.contains((String) s.get("id"))) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Integer> types = (Map<String, Integer>) s.get("eventTypes");
            out.put((String) s.get("id"), new TreeMap<>(types));
        }
        return out;
    }

    /**
     * Event types delivered (or queued) to a subscription, counted; the leaver's are its only
     * events but for the checkpoints the sealer signs on its own schedule.
     */
    private static Map<String, Integer> delivered(String subscriptionId) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT e.type, count(*) FROM deliveries d "
                        + "JOIN events e ON e.id = d.event_id WHERE d.subscription_id = ? AND e.type <> 'audit.checkpoint' "
                        + "GROUP BY e.type")) {
            ps.setObject(1, UUID.fromString(subscriptionId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static Set<String> ids(String sql, UUID directoryId) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static long count(String sql, Object... values) throws SQLException {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
