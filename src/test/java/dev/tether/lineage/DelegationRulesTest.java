package dev.tether.lineage;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every refusal of the delegation and credential API, each with a clear detail and no change; status and lineage reads. */
@QuarkusTest
class DelegationRulesTest {

    static Map<String, Object> fromUser(String user, String agent, List<String> scopes) {
        return Map.of("delegator", Map.of("type", "User", "id", user), "agentId", agent, "scopes", scopes);
    }

    static Map<String, Object> fromAgent(String from, String agent, List<String> scopes) {
        return Map.of("delegator", Map.of("type", "Agent", "id", from), "agentId", agent, "scopes", scopes);
    }

    @Test
    void refusals() {
        LineageApi api = LineageApi.create("rules");
        String user = api.user("u");
        String gone = api.user("gone");
        api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.dir().path("/Users/" + gone)).then().statusCode(200);
        String a = api.agent("a");
        String b = api.agent("b");
        String c = api.agent("c");
        String orphan = api.agent("orphan");
        String group = api.group("g");

        api.grant(Map.of("agentId", a)).then().statusCode(400).body("detail", containsString("delegator"));
        api.grant(fromUser(gone, a, List.of("read"))).then().statusCode(409).body("detail", containsString("not active"));
        api.grant(fromUser(UUID.randomUUID().toString(), a, List.of("read"))).then().statusCode(400)
                .body("detail", containsString("no user"));
        api.grant(fromAgent(orphan, b, List.of("read"))).then().statusCode(409)
                .body("detail", containsString("holds no active delegation"));
        api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", a, "scopes", List.of("read"),
                "basisGroups", List.of(group))).then().statusCode(400).body("detail", containsString("not a member"));
        api.grant(Map.of("delegator", Map.of("type", "Robot", "id", user), "agentId", a)).then().statusCode(400);
        api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", a, "expiresAt",
                "2001-01-01T00:00:00Z")).then().statusCode(400).body("detail", containsString("future"));

        String ua = api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", a,
                        "scopes", List.of("read", "write"), "maxDepth", 2)).then().statusCode(201)
                .body("rootUserId", equalTo(user)).body("depth", equalTo(1)).body("status", equalTo("active"))
                .extract().path("id");
        api.grant(fromAgent(a, b, List.of("admin"))).then().statusCode(400).body("detail", containsString("subset"));
        api.grant(fromAgent(a, b, List.of("read"))).then().statusCode(201).body("depth", equalTo(2))
                .body("rootUserId", equalTo(user)).body("parentDelegationId", equalTo(ua));
        api.grant(fromAgent(b, c, List.of("read"))).then().statusCode(400).body("detail", containsString("maxDepth"));
        api.grant(fromAgent(b, a, List.of("read"))).then().statusCode(409).body("detail", containsString("cycle"));
        api.grant(fromAgent(a, a, List.of("read"))).then().statusCode(409).body("detail", containsString("cycle"));

        // nothing above was written
        LineageApi.integration().get(api.admin("/delegations")).then().statusCode(200).body("$", hasSize(2));

        // credentials
        api.issue(b, ua, "k").then().statusCode(400).body("detail", containsString("not held by agent"));
        LineageApi.integration().body(Map.of("agentId", a, "delegationId", ua, "kind", "password",
                "externalId", "x", "audience", "y")).post(api.admin("/credentials")).then().statusCode(400);
        api.credential(a, ua, "k1");
        api.issue(a, ua, "k1").then().statusCode(409).body("detail", containsString("already recorded"));
        LineageApi.integration().delete(api.admin("/delegations/" + ua)).then().statusCode(204);
        api.issue(a, ua, "k2").then().statusCode(409).body("detail", containsString("not active"));
        // the manual revocation left a without support, so it was suspended and cannot be granted to
        api.grant(fromUser(user, a, List.of())).then().statusCode(409).body("detail", containsString("not active"));
    }

    @Test
    void rolesAndDirectories() {
        LineageApi api = LineageApi.create("roles");
        RestAssured.given().auth().oauth2(AdminTokens.withGroups("tether-auditor")).contentType(ContentType.JSON)
                .get(api.admin("/delegations")).then().statusCode(403);
        RestAssured.given().contentType(ContentType.JSON).get(api.admin("/delegations")).then().statusCode(401);
        LineageApi.integration().get("/admin/v1/directories/" + UUID.randomUUID() + "/delegations").then().statusCode(404);
        RestAssured.given().auth().oauth2(AdminTokens.operator()).get(api.admin("/delegations")).then().statusCode(200);
    }

    @Test
    void statusBatchAndLineage() {
        LineageApi api = LineageApi.create("status");
        String user = api.user("u");
        String a = api.agent("a");
        String b = api.agent("b");
        String d1 = api.delegateFromUser(user, a, List.of("read"));
        String d2 = api.delegateFromAgent(a, b, List.of("read"));
        String k = api.credential(b, d2, "status-key-" + UUID.randomUUID());
        String externalId = LineageApi.integration().get(api.admin("/credentials/" + k)).then().extract().path("externalId");

        LineageApi.integration().body(Map.of("credentials", List.of(
                        Map.of("audience", "https://api.example.com", "externalId", externalId),
                        Map.of("audience", "https://api.example.com", "externalId", "unknown"))))
                .post("/admin/v1/credentials/status").then().statusCode(200)
                .body("credentials[0].active", equalTo(true)).body("credentials[0].chain", equalTo(List.of(d2, d1)))
                .body("credentials[0].rootUserId", equalTo(user))
                .body("credentials[1].found", equalTo(false)).body("credentials[1].active", equalTo(false));

        List<Map<String, String>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("audience", "a", "externalId", "e" + i));
        }
        LineageApi.integration().body(Map.of("credentials", tooMany)).post(api.admin("/credentials/status"))
                .then().statusCode(400).body("detail", containsString("1000"));

        LineageApi.integration().get(api.admin("/users/" + user + "/lineage")).then().statusCode(200)
                .body("delegations[0].delegation.id", equalTo(d1))
                .body("delegations[0].agent.name", equalTo("a"))
                .body("delegations[0].derived[0].delegation.id", equalTo(d2))
                .body("delegations[0].derived[0].credentials[0].id", equalTo(k));
        LineageApi.integration().get(api.admin("/agents/" + b + "/lineage")).then().statusCode(200)
                .body("chains[0].rootUserId", equalTo(user)).body("chains[0].active", equalTo(true))
                .body("chains[0].delegations.id", equalTo(List.of(d2, d1)));

        api.dir().scim().delete(api.dir().path("/Users/" + user)).then().statusCode(204);
        LineageApi.integration().body(Map.of("credentials", List.of(Map.of("audience", "https://api.example.com",
                        "externalId", externalId)))).post(api.admin("/credentials/status")).then().statusCode(200)
                .body("credentials[0].active", equalTo(false)).body("credentials[0].reason", equalTo("leaver"));
        LineageApi.integration().get(api.admin("/agents/" + b + "/lineage")).then().statusCode(200)
                .body("chains[0].active", equalTo(false));
        LineageApi.integration().get(api.admin("/users/" + UUID.randomUUID() + "/lineage")).then().statusCode(404);
        assertEquals(false, api.agentActive(b));
    }
}
