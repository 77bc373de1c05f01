package dev.tether.admin;

import static io.restassured.RestAssured.given;

import dev.tether.testing.AdminTokens;
import io.restassured.http.ContentType;
import java.util.Map;

/** Short calls to the admin API for tests that need a directory or a token to work with. */
public final class AdminApi {

    private AdminApi() {
    }

    public static String createDirectory(String name) {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/admin/v1/directories")
                .then().statusCode(201).extract().path("id");
    }

    /** Issues a token and returns {id, token}. */
    public static Map<String, String> issueToken(String directoryId) {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("description", "test"))
                .post("/admin/v1/directories/{id}/tokens", directoryId)
                .then().statusCode(201).extract().jsonPath().getMap("", String.class, String.class);
    }

    public static void revokeToken(String directoryId, String tokenId) {
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/{id}/tokens/{tokenId}", directoryId, tokenId)
                .then().statusCode(204);
    }

    public static void disableDirectory(String directoryId) {
        given().auth().oauth2(AdminTokens.operator())
                .delete("/admin/v1/directories/{id}", directoryId)
                .then().statusCode(204);
    }
}
