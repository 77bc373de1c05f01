package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Authentication, media types and the error format (RFC 7644 §2, §3.8, §3.12). */
@Tag("protocol")
class ProtocolConformance {

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.12 MUST: a request without credentials answers 401")
    void missingToken() {
        anonymous().accept(SCIM_JSON).get("/Users").then().statusCode(401);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.12 MUST: a request with a wrong bearer token answers 401")
    void wrongToken() {
        anonymous().header("Authorization", "Bearer not-a-valid-token-" + RUN).accept(SCIM_JSON).get("/Users")
                .then().statusCode(401);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.8 MUST: responses to Accept: application/scim+json are application/scim+json")
    void scimJsonResponses() {
        String id = createUser(unique("ct-scim"));
        scim().get("/Users/" + id).then().statusCode(200).contentType(startsWith(SCIM_JSON));
        scim().get("/Users").then().statusCode(200).contentType(startsWith(SCIM_JSON));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.8 MUST: requests sent as application/scim+json are accepted")
    void scimJsonRequests() {
        String userName = unique("ct-req");
        var r = authenticated().contentType(SCIM_JSON).accept(SCIM_JSON)
                .body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}").post("/Users");
        r.then().statusCode(201);
        created("/Users/" + r.path("id"));
    }

    @Test
    @Tag("SHOULD")
    @DisplayName("RFC 7644 §3.8 SHOULD: Accept: application/json is supported")
    void acceptJson() {
        String id = createUser(unique("ct-json"));
        authenticated().accept("application/json").get("/Users/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    @Tag("SHOULD")
    @DisplayName("RFC 7644 §3.8 SHOULD: request bodies sent as application/json are accepted")
    void jsonRequests() {
        String userName = unique("ct-json-req");
        var r = authenticated().contentType("application/json").accept(SCIM_JSON)
                .body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}").post("/Users");
        r.then().statusCode(201);
        created("/Users/" + r.path("id"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.12 MUST: errors use the Error schema with status as a JSON string and a detail")
    void errorShape() {
        scim().body("{\"schemas\":[\"" + USER + "\"]").post("/Users").then().statusCode(400)
                .body("schemas", hasItem(ERROR)).body("status", equalTo("400"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.12 MUST: an unparsable body answers 400 invalidSyntax")
    void invalidSyntax() {
        scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":").post("/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidSyntax"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.12 MUST: a value of the wrong type answers 400 invalidValue")
    void invalidValue() {
        scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + unique("err-type") + "\",\"active\":{\"no\":1}}")
                .post("/Users").then().statusCode(400)
                .body("scimType", anyOf(equalTo("invalidValue"), equalTo("invalidSyntax")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.12 MUST: an unknown endpoint answers 404")
    void unknownEndpoint() {
        scim().get("/NoSuchResourceType").then().statusCode(404);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.2 MUST: a query that matches nothing answers 200 with an empty list, not 404")
    void emptyListIs200() {
        requires(Feature.FILTER);
        scim().queryParam("filter", "userName eq \"" + unique("nobody") + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(0)).body("schemas", hasItem(LIST));
    }
}
