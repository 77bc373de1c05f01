package dev.tether.audit;

import static dev.tether.audit.AuditApi.OPERATOR_TRAIL_ID;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operators' subscription changes are on the operator trail, which is sealed and verified like a directory's. */
@QuarkusTest
class OperatorTrailTest {

    @Inject
    AuditSealer sealer;

    @Test
    void subscriptionChangesAreRecordedOnTheOperatorTrail() {
        String id = operator().body(Map.of("url", "http://127.0.0.1:9/hook", "format", "standard-webhooks"))
                .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
        operator().body(Map.of("status", "paused")).patch("/admin/v1/subscriptions/{id}", id).then().statusCode(200);
        operator().post("/admin/v1/subscriptions/{id}/rotate-secret", id).then().statusCode(200);
        operator().post("/admin/v1/subscriptions/{id}/test", id).then().statusCode(202);
        String delivery = given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}/deliveries", id)
                .then().statusCode(200).extract().path("[0].id");
        operator().post("/admin/v1/subscriptions/{id}/deliveries/{d}/replay", id, delivery).then().statusCode(202);
        operator().body(Map.of("since", "2020-01-01T00:00:00Z")).post("/admin/v1/subscriptions/{id}/replay", id)
                .then().statusCode(202);
        operator().delete("/admin/v1/subscriptions/{id}", id).then().statusCode(204);
        // refused changes leave no record
        operator().delete("/admin/v1/subscriptions/{id}", id).then().statusCode(404);
        operator().body(Map.of("status", "paused")).patch("/admin/v1/subscriptions/{id}", id).then().statusCode(404);

        List<JsonNode> records = AuditApi.operatorTrail("target=" + id);
        assertEquals(List.of("subscription.create", "subscription.update", "subscription.rotate-secret",
                "subscription.test", "subscription.replay", "subscription.replay", "subscription.delete"),
                AuditApi.actions(records));
        for (JsonNode r : records) {
            assertEquals(OPERATOR_TRAIL_ID, r.get("directory").asText());
            assertEquals("admin", r.at("/actor/type").asText());
            assertEquals("test-operator", r.at("/actor/id").asText());
            assertEquals("Subscription", r.at("/target/type").asText());
        }
        assertEquals("standard-webhooks", records.get(0).at("/details/format").asText());
        assertTrue(records.get(0).at("/details/directoryIds").isNull(), "every directory");
        assertEquals("paused", records.get(1).at("/details/status").asText());
        assertEquals(delivery, records.get(4).at("/details/delivery").asText());
        assertEquals("DELETE", records.get(6).at("/request/method").asText());
        assertFalse(records.toString().contains("whsec_"), "no secret in the trail");

        sealer.sealAll();
        given().auth().oauth2(AuditApi.auditor()).get("/admin/v1/operator-trail/verify")
                .then().statusCode(200).body("ok", equalTo(true));
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.INTEGRATION)).get("/admin/v1/operator-trail")
                .then().statusCode(403);
        given().get("/admin/v1/operator-trail/verify").then().statusCode(401);
    }

    @Test
    void operatorTrailIsNoDirectory() {
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories").then().statusCode(200)
                .body("id", not(hasItem(OPERATOR_TRAIL_ID)));
        for (String path : List.of("/admin/v1/directories/{d}", "/admin/v1/directories/{d}/audit",
                "/admin/v1/directories/{d}/tokens", "/admin/v1/directories/{d}/audit/verify")) {
            given().auth().oauth2(AdminTokens.operator()).get(path, OPERATOR_TRAIL_ID).then().statusCode(404);
        }
        operator().body(Map.of("description", "x")).post("/admin/v1/directories/{d}/tokens", OPERATOR_TRAIL_ID)
                .then().statusCode(404);
        operator().delete("/admin/v1/directories/{d}", OPERATOR_TRAIL_ID).then().statusCode(404);
        // SCIM cannot authenticate to it, with any token, and learns nothing
        ScimDirectory other = ScimDirectory.create("operator-trail-neighbour");
        given().auth().oauth2(other.token()).get("/scim/v2/" + OPERATOR_TRAIL_ID + "/Users").then().statusCode(401);
        given().auth().oauth2("tether_guess").get("/scim/v2/" + OPERATOR_TRAIL_ID + "/Users").then().statusCode(401);
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
    }
}
