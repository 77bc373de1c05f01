package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every admin failure is a problem detail naming what is wrong; SCIM keeps its own error format. */
@QuarkusTest
class AdminProblemDetailsTest {

    static RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
    }

    static void problem(Response r, int status, String detail) {
        r.then().statusCode(status).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("about:blank")).body("status", is(status)).body("detail", equalTo(detail));
    }

    @Test
    void wrongTypesNameTheField() {
        LineageApi api = LineageApi.create("problems-types");
        String user = api.user("u");
        String agent = api.agent("a");
        String grant = "{\"delegator\":{\"type\":\"User\",\"id\":\"" + user + "\"},\"agentId\":\"" + agent + "\"";
        String delegations = api.admin("/delegations");

        problem(LineageApi.integration().body(grant + ",\"expiresAt\":\"soon\"}").post(delegations), 400,
                "\"expiresAt\" must be an RFC 3339 date-time");
        problem(LineageApi.integration().body(grant + ",\"scopes\":\"read\"}").post(delegations), 400,
                "\"scopes\" must be an array of strings");
        problem(LineageApi.integration().body(grant + ",\"scopes\":[1]}").post(delegations), 400,
                "\"scopes\" must be an array of strings");
        problem(LineageApi.integration().body(grant + ",\"maxDepth\":\"2\"}").post(delegations), 400,
                "\"maxDepth\" must be an integer");
        problem(LineageApi.integration().body(grant + ",\"maxDepth\":2.5}").post(delegations), 400,
                "\"maxDepth\" must be an integer");
        problem(LineageApi.integration().body(grant + ",\"maxDepth\":30000000000}").post(delegations), 400,
                "\"maxDepth\" must be an integer");
        problem(LineageApi.integration().body(grant + ",\"basisGroups\":[\"nope\"]}").post(delegations), 400,
                "\"basisGroups\" must be an array of ids");
        problem(LineageApi.integration().body(grant + ",\"parentDelegationId\":\"nope\"}").post(delegations), 400,
                "\"parentDelegationId\" is not an id");
        problem(LineageApi.integration().body("{\"delegator\":{\"type\":5,\"id\":\"" + user + "\"}}").post(delegations),
                400, "\"delegator.type\" must be a string");
        problem(LineageApi.integration().body("{\"agentId\":\"" + agent + "\",\"kind\":3}").post(api.admin("/credentials")),
                400, "\"kind\" must be a string");
        problem(LineageApi.integration().body("[]").post(delegations), 400, "the request body must be a JSON object");
        problem(LineageApi.integration().body("").post(delegations), 400, "the request body must be a JSON object");
        problem(LineageApi.integration().body("{\"a\":").post(delegations), 400, "the request body is not valid JSON");
        problem(LineageApi.integration().body("{\"scopes\":[\"a\",}").post(delegations), 400,
                "the request body is not valid JSON");
        // unknown fields are ignored, as they always were
        LineageApi.integration().body(grant + ",\"scopes\":[\"read\"],\"comment\":\"x\"}").post(delegations)
                .then().statusCode(201);

        problem(LineageApi.integration().body("{\"credentials\":[{\"audience\":\"a\"}]}")
                .post("/admin/v1/credentials/status"), 400, "every credential needs \"audience\" and \"externalId\"");
        problem(LineageApi.integration().body("{}").post("/admin/v1/credentials/status"), 400,
                "\"credentials\" must be an array of {\"audience\", \"externalId\"}");
        problem(LineageApi.integration().body("{").post("/admin/v1/credentials/status"), 400,
                "the request body is not valid JSON");
    }

    @Test
    void constraintsAreProblemsNotTheFrameworkReport() {
        problem(operator().body("{\"name\":\"  \"}").post("/admin/v1/directories"), 400, "\"name\" is required");
        problem(operator().body("{\"name\":\"" + "x".repeat(201) + "\"}").post("/admin/v1/directories"), 400,
                "\"name\" is longer than 200 characters");
        // surrounding blanks do not count, and are not stored
        operator().body("{\"name\":\"  " + "x".repeat(200) + "  \"}").post("/admin/v1/directories")
                .then().statusCode(201).body("name", equalTo("x".repeat(200)));
        String dir = AdminApi.createDirectory("problems-constraints");
        problem(operator().body("{\"expiresAt\":\"2001-01-01T00:00:00Z\"}").post("/admin/v1/directories/{id}/tokens", dir),
                400, "\"expiresAt\" must be in the future");
        problem(operator().body("{\"expiresAt\":\"tomorrow\"}").post("/admin/v1/directories/{id}/tokens", dir),
                400, "\"expiresAt\" must be an RFC 3339 date-time");
        problem(operator().body("{\"format\":\"ssf\"}").post("/admin/v1/subscriptions"), 400, "\"url\" is required");
        problem(operator().body("{\"url\":\"https://example.com/x\",\"format\":\"smoke\"}").post("/admin/v1/subscriptions"),
                400, "\"format\" must be \"standard-webhooks\" or \"ssf\"");
    }

    @Test
    void malformedIdsAreNotFound() {
        String dir = AdminApi.createDirectory("problems-ids");
        problem(given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/1-1-1-1-1"), 404,
                "no directory 1-1-1-1-1");
        problem(LineageApi.integration().get("/admin/v1/directories/" + dir + "/delegations/xyz"), 404,
                "no delegation xyz in this directory");
        problem(given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/xyz/events"), 404,
                "no directory xyz");
        problem(given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/xyz/audit"), 404,
                "no directory xyz");
        problem(given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/directories/{id}/tokens/xyz", dir), 404,
                "no token xyz in this directory");
        problem(given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/xyz"), 404,
                "no subscription xyz");
        problem(LineageApi.integration().get("/admin/v1/directories/" + dir + "/delegations?agentId=xyz"), 400,
                "\"agentId\" is not an id");
    }

    @Test
    void partialSubscriptionChangeTellsAbsentFromNull() {
        String id = operator().body("{\"url\":\"https://example.com/hook\",\"format\":\"standard-webhooks\","
                + "\"eventTypes\":[\"user.deactivated\"]}").post("/admin/v1/subscriptions").then().statusCode(201)
                .extract().path("id");
        String path = "/admin/v1/subscriptions/" + id;
        operator().body("{\"description\":\"d\"}").patch(path).then().statusCode(200)
                .body("eventTypes", equalTo(List.of("user.deactivated"))).body("url", equalTo("https://example.com/hook"));
        operator().body("{\"eventTypes\":null}").patch(path).then().statusCode(200).body("eventTypes", nullValue());
        problem(operator().body("{\"url\":null}").patch(path), 400, "\"url\" is required");
        problem(operator().body("{\"eventTypes\":[]}").patch(path), 400,
                "\"eventTypes\" may be omitted (every type) but not empty");
        problem(operator().body("{\"format\":\"ssf\"}").patch(path), 400, "\"format\" cannot be changed");
        problem(operator().body("{\"status\":\"gone\"}").patch(path), 400, "\"status\" must be \"active\" or \"paused\"");
        problem(operator().body("{\"overlapSeconds\":-1}").post(path + "/rotate-secret"), 400,
                "\"overlapSeconds\" must not be negative");
        problem(operator().body("{}").post(path + "/replay"), 400, "\"since\" (a feed cursor or a time) is required");
        operator().body("{\"status\":\"paused\"}").patch(path).then().statusCode(200).body("status", equalTo("paused"));
        operator().delete(path).then().statusCode(204);
    }

    @Test
    void frameworkErrorsUnderAdminAreProblemsToo() {
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.TEXT).body("x").post("/admin/v1/directories")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE).body("status", is(415));
        given().auth().oauth2(AdminTokens.operator()).put("/admin/v1/directories")
                .then().statusCode(405).contentType(Problem.MEDIA_TYPE).body("status", is(405));
    }

    @Test
    void scimErrorsKeepTheirFormat() {
        LineageApi api = LineageApi.create("problems-scim");
        api.dir().scim().body("{").post(api.dir().path("/Users")).then().statusCode(400)
                .contentType(startsWith("application/scim+json"))
                .body("schemas[0]", equalTo("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("scimType", equalTo("invalidSyntax"));
        api.dir().scim().get(api.dir().path("/Nothing")).then().statusCode(404)
                .contentType(startsWith("application/scim+json"));
        api.dir().scim().get("/scim/v2/" + UUID.randomUUID() + "/Users").then().statusCode(401);
    }
}
