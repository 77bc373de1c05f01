package dev.tether.events;

import static io.restassured.RestAssured.given;

import dev.tether.testing.AdminTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Admin API calls on subscriptions, for delivery tests. */
final class Subscriptions {

    private Subscriptions() {
    }

    /** Creates a subscription limited to one directory; returns the created JSON (id, secret...). */
    static JsonPath create(String url, String format, String directoryId, List<String> types) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("format", format);
        body.put("directoryIds", List.of(directoryId));
        if (types != null) {
            body.put("eventTypes", types);
        }
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/subscriptions").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath get(String id) {
        return given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}", id)
                .then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> deliveries(String id, String status) {
        var request = given().auth().oauth2(AdminTokens.operator());
        if (status != null) {
            request.queryParam("status", status);
        }
        return request.get("/admin/v1/subscriptions/{id}/deliveries", id).then().statusCode(200).extract()
                .jsonPath().getList("");
    }

    static void delete(String id) {
        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/subscriptions/{id}", id)
                .then().statusCode(204);
    }
}
