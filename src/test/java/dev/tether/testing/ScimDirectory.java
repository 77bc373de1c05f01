package dev.tether.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/**
 * A fresh directory with its own SCIM token, made through the admin API as an operator
 * would, so every test class works in a tenant of its own.
 */
public record ScimDirectory(String id, String token) {

    public static final String SCIM_JSON = "application/scim+json";

    public static ScimDirectory create(String name) {
        String id = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/admin/v1/directories")
                .then().statusCode(201).extract().path("id");
        String token = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("description", "test"))
                .post("/admin/v1/directories/" + id + "/tokens")
                .then().statusCode(201).extract().path("token");
        return new ScimDirectory(id, token);
    }

    /** Path of an endpoint under this directory's SCIM base, e.g. {@code path("/Users")}. */
    public String path(String endpoint) {
        return "/scim/v2/" + id + endpoint;
    }

    /** A request authenticated with this directory's token, sending SCIM JSON. */
    public RequestSpecification scim() {
        return given().auth().oauth2(token).contentType(SCIM_JSON).accept(SCIM_JSON);
    }
}
