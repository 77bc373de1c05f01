package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Every admin body binds strictly, and every 400 says where the fault is. */
@QuarkusTest
class AdminBodiesAndErrorsTest {

    static RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
    }

    /** A 400 problem with one fault at {@code pointer}. */
    static ValidatableResponse fieldFault(Response r, String detail, String pointer) {
        return r.then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("about:blank")).body("title", equalTo("Bad Request")).body("status", is(400))
                .body("detail", equalTo(detail))
                .body("errors", hasSize(1)).body("errors[0].pointer", equalTo(pointer))
                .body("errors[0].parameter", nullValue());
    }

    static ValidatableResponse parameterFault(Response r, String detail, String parameter) {
        return r.then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("detail", equalTo(detail))
                .body("errors", hasSize(1)).body("errors[0].parameter", equalTo(parameter))
                .body("errors[0].pointer", nullValue()).body("errors[0].detail", equalTo(detail));
    }

    @Test
    void aDirectoryNameMustBeAString() {
        for (String wrong : new String[] {"42", "true", "{}", "[\"x\"]", "4.5"}) {
            fieldFault(operator().body("{\"name\":" + wrong + "}").post("/admin/v1/directories"),
                    "\"name\" must be a string", "/name");
        }
        fieldFault(operator().body("{\"name\":\" \"}").post("/admin/v1/directories"), "\"name\" is required", "/name");
        fieldFault(operator().body("[]").post("/admin/v1/directories"), "the request body must be a JSON object", "");
    }

    @Test
    void subscriptionBodiesBindStrictly() {
        fieldFault(operator().body("{\"url\":5,\"format\":\"ssf\"}").post("/admin/v1/subscriptions"),
                "\"url\" must be a string", "/url");
        fieldFault(operator().body("{\"url\":\"https://example.com/h\",\"format\":\"ssf\",\"description\":false}")
                .post("/admin/v1/subscriptions"), "\"description\" must be a string", "/description");
        fieldFault(operator().body("{\"url\":\"https://example.com/h\",\"format\":\"ssf\",\"eventTypes\":[\"user.deactivated\",7]}")
                .post("/admin/v1/subscriptions"), "\"eventTypes\" must be an array of strings", "/eventTypes/1");
        fieldFault(operator().body("{\"url\":\"https://example.com/h\",\"format\":\"standard-webhooks\","
                + "\"eventTypes\":[\"user.deactivated\",\"no.such\"]}").post("/admin/v1/subscriptions"),
                "unknown event type no.such; known: " + dev.tether.events.EventTypes.ALL, "/eventTypes/1");
        String id = operator().body("{\"url\":\"https://example.com/h\",\"format\":\"standard-webhooks\"}")
                .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
        String path = "/admin/v1/subscriptions/" + id;
        fieldFault(operator().body("{\"url\":{\"href\":\"x\"}}").patch(path), "\"url\" must be a string", "/url");
        fieldFault(operator().body("{\"status\":1}").patch(path), "\"status\" must be a string", "/status");
        fieldFault(operator().body("{\"format\":\"ssf\"}").patch(path), "\"format\" cannot be changed", "/format");
        fieldFault(operator().body("{\"overlapSeconds\":\"60\"}").post(path + "/rotate-secret"),
                "\"overlapSeconds\" must be an integer", "/overlapSeconds");
        fieldFault(operator().body("{\"since\":[]}").post(path + "/replay"), "\"since\" must be a string", "/since");
        operator().delete(path).then().statusCode(204);
    }

    @Test
    void aBadTimestampNamesTheFieldAndTheFormat() {
        String dir = AdminApi.createDirectory("bodies-time");
        String tokens = "/admin/v1/directories/" + dir + "/tokens";
        fieldFault(operator().body("{\"expiresAt\":\"tomorrow\"}").post(tokens),
                "\"expiresAt\" must be an RFC 3339 date-time", "/expiresAt")
                .body("errors[0].detail", equalTo("\"expiresAt\" must be an RFC 3339 date-time, e.g. 2026-12-31T23:59:59Z"));
        // an epoch number is not a time the API documents
        fieldFault(operator().body("{\"expiresAt\":1900000000}").post(tokens),
                "\"expiresAt\" must be an RFC 3339 date-time", "/expiresAt");
        fieldFault(operator().body("{\"description\":12}").post(tokens), "\"description\" must be a string", "/description");
        fieldFault(operator().body("{\"expiresAt\":\"2001-01-01T00:00:00Z\"}").post(tokens),
                "\"expiresAt\" must be in the future", "/expiresAt");
        operator().body("{\"expiresAt\":\"2099-12-31T23:59:59+02:00\"}").post(tokens).then().statusCode(201)
                .body("expiresAt", equalTo("2099-12-31T21:59:59Z"));
    }

    @Test
    void nestedFaultsPointIntoArrays() {
        LineageApi api = LineageApi.create("bodies-nested");
        fieldFault(LineageApi.integration().body("{\"credentials\":[{\"audience\":\"a\",\"externalId\":\"b\"},"
                + "{\"audience\":5,\"externalId\":\"c\"}]}").post("/admin/v1/credentials/status"),
                "\"credentials.audience\" must be a string", "/credentials/1/audience");
        fieldFault(LineageApi.integration().body("{\"credentials\":[{\"audience\":\"a\"}]}").post("/admin/v1/credentials/status"),
                "every credential needs \"audience\" and \"externalId\"", "/credentials/0/externalId");
        fieldFault(LineageApi.integration().body("{\"delegator\":{\"type\":5}}").post(api.admin("/delegations")),
                "\"delegator.type\" must be a string", "/delegator/type");
    }

    @Test
    void queryParametersAreNamedNotPointedAt() {
        LineageApi api = LineageApi.create("bodies-query");
        parameterFault(LineageApi.integration().get(api.admin("/delegations?agentId=xyz")), "\"agentId\" is not an id",
                "agentId");
        parameterFault(LineageApi.integration().get(api.admin("/credentials?status=gone")),
                "\"status\" must be active or revoked", "status");
    }

    @Test
    void malformedJsonHasNoPlace() {
        operator().body("{\"name\":").post("/admin/v1/directories").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", equalTo("the request body is not valid JSON"))
                .body("errors", nullValue());
    }

    @Test
    void unknownAdminPathsAreProblems() {
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/nothing-here").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("status", is(404)).body("title", equalTo("Not Found"))
                .body("detail", containsString("404"));
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v2/directories").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }
}
