package dev.tether.authz;

import static io.restassured.RestAssured.given;

import dev.tether.lineage.LineageApi;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks a directory's decision point in AuthZEN's own JSON, as an enforcement point would. */
record AuthZenApi(LineageApi lineage) {

    static final String PEP = AdminTokens.withGroups(AdminRoles.PEP);

    static AuthZenApi create(String name) {
        return new AuthZenApi(LineageApi.create(name));
    }

    static RequestSpecification pep() {
        return given().auth().oauth2(PEP).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    String dir() {
        return lineage.dir().id();
    }

    String path(String endpoint) {
        return "/authzen/" + dir() + "/access/v1/" + endpoint;
    }

    Response evaluate(Map<String, Object> body) {
        return pep().body(body).post(path("evaluation"));
    }

    /** The decision for an agent, optionally with subject properties, on a resource of {@code audience}. */
    boolean decide(String agent, Map<String, Object> properties, String action, String audience) {
        return evaluate(question(agent, properties, action, audience)).then().statusCode(200).extract().path("decision");
    }

    static Map<String, Object> question(String agent, Map<String, Object> properties, String action, String audience) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject(agent, properties));
        body.put("action", Map.of("name", action));
        body.put("resource", resource(audience));
        return body;
    }

    static Map<String, Object> subject(String agent, Map<String, Object> properties) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", "agent");
        subject.put("id", agent);
        if (properties != null && !properties.isEmpty()) {
            subject.put("properties", properties);
        }
        return subject;
    }

    static Map<String, Object> resource(String audience) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", "api");
        resource.put("id", "payments");
        if (audience != null) {
            resource.put("properties", Map.of("audience", audience));
        }
        return resource;
    }

    /** A credential of {@code agent} under {@code delegation}, for {@code audience}. */
    String credential(String agent, String delegation, String externalId, String audience) {
        return LineageApi.integration().body(Map.of("agentId", agent, "delegationId", delegation, "kind", "api_key",
                "externalId", externalId, "audience", audience)).post(lineage.admin("/credentials"))
                .then().statusCode(201).extract().path("id");
    }

    /** A delegation from a user or agent with scopes and an audience (null: any); fails unless created. */
    String grant(String delegatorType, String delegator, String agent, List<String> scopes, String audience,
            String parent, String... basis) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delegator", Map.of("type", delegatorType, "id", delegator));
        body.put("agentId", agent);
        body.put("scopes", scopes);
        if (audience != null) {
            body.put("audience", audience);
        }
        if (parent != null) {
            body.put("parentDelegationId", parent);
        }
        if (basis.length > 0) {
            body.put("basisGroups", List.of(basis));
        }
        return lineage.grant(body).then().statusCode(201).extract().path("id");
    }
}
