package dev.tether.lineage;

import static io.restassured.RestAssured.given;

import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds lineage through the real HTTP API: SCIM for users, groups and agents, the admin API for the rest. */
public record LineageApi(ScimDirectory dir) {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String INTEGRATION = AdminTokens.withGroups(AdminRoles.INTEGRATION);

    public static LineageApi create(String name) {
        return new LineageApi(ScimDirectory.create(name));
    }

    public static RequestSpecification integration() {
        return given().auth().oauth2(INTEGRATION).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public String admin(String path) {
        return "/admin/v1/directories/" + dir.id() + path;
    }

    public String user(String userName) {
        return dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", userName, "active", true)).post(dir.path("/Users")).then().statusCode(201).extract().path("id");
    }

    public String agent(String name, String... owners) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Agent"));
        body.put("name", name);
        body.put("active", true);
        List<Map<String, String>> o = new ArrayList<>();
        for (String owner : owners) {
            o.add(Map.of("value", owner));
        }
        if (!o.isEmpty()) {
            body.put("owners", o);
        }
        return dir.scim().body(body).post(dir.path("/Agents")).then().statusCode(201).extract().path("id");
    }

    public String group(String name, String... members) {
        List<Map<String, String>> m = new ArrayList<>();
        for (String id : members) {
            m.add(Map.of("value", id));
        }
        return dir.scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", name, "members", m)).post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
    }

    public Response grant(Map<String, Object> body) {
        return integration().body(body).post(admin("/delegations"));
    }

    /** A delegation from a user; fails the test unless it is created. */
    public String delegateFromUser(String userId, String agentId, List<String> scopes, String... basisGroups) {
        return grant(Map.of("delegator", Map.of("type", "User", "id", userId), "agentId", agentId, "scopes", scopes,
                "basisGroups", List.of(basisGroups))).then().statusCode(201).extract().path("id");
    }

    public String delegateFromAgent(String fromAgent, String agentId, List<String> scopes) {
        return grant(Map.of("delegator", Map.of("type", "Agent", "id", fromAgent), "agentId", agentId, "scopes", scopes))
                .then().statusCode(201).extract().path("id");
    }

    public Response issue(String agentId, String delegationId, String externalId) {
        return integration().body(Map.of("agentId", agentId, "delegationId", delegationId, "kind", "api_key",
                "externalId", externalId, "audience", "https://api.example.com")).post(admin("/credentials"));
    }

    public String credential(String agentId, String delegationId, String externalId) {
        return issue(agentId, delegationId, externalId).then().statusCode(201).extract().path("id");
    }

    public String credentialStatus(String credentialId) {
        return integration().get(admin("/credentials/" + credentialId)).then().statusCode(200).extract().path("status");
    }

    public String delegationStatus(String delegationId) {
        return integration().get(admin("/delegations/" + delegationId)).then().statusCode(200).extract().path("status");
    }

    public Boolean agentActive(String agentId) {
        return dir.scim().get(dir.path("/Agents/" + agentId)).then().statusCode(200).extract().path("active");
    }

    public static String patch(String ops) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + ops + "]}";
    }
}
