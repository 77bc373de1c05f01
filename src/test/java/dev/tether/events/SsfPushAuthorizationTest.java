package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * An SSF subscription's push Authorization header (RFC 8935 §2: the receiver may require one):
 * set on create, changed or cleared by PATCH, sent with every push, sealed at rest, never shown
 * again or written to the trail; refused on Standard Webhooks subscriptions and in forms that
 * are not one header value, with nothing made or changed.
 */
@QuarkusTest
class SsfPushAuthorizationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String FIRST = "Bearer first-receiver-token-0123456789";
    static final String SECOND = "Bearer second-receiver-token-9876543210";

    @Inject
    DataSource db;

    static RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    static Map<String, Object> ssf(String url, String dir, Object authorization) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("format", "ssf");
        body.put("directoryIds", List.of(dir));
        body.put("eventTypes", List.of("user.deactivated"));
        body.put("authorizationHeader", authorization);
        return body;
    }

    @Test
    void everyPushCarriesTheHeaderItIsGivenWhichIsSealedAndNeverShownAgain() throws Exception {
        ScimDirectory dir = ScimDirectory.create("ssf-push-auth");
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> WebhookReceiver.Reply.of(202))) {
            var created = operator().body(ssf(receiver.url(), dir.id(), FIRST)).post("/admin/v1/subscriptions")
                    .then().statusCode(201).body("hasAuthorizationHeader", equalTo(true)).extract().jsonPath();
            String subId = created.getString("id");
            assertFalse(created.prettify().contains("first-receiver-token"), "the value is not shown back");
            operator().get("/admin/v1/subscriptions/" + subId).then().statusCode(200)
                    .body("hasAuthorizationHeader", equalTo(true))
                    .body(org.hamcrest.Matchers.not(containsString("first-receiver-token")));
            operator().get("/admin/v1/subscriptions?limit=200").then().statusCode(200)
                    .body(org.hamcrest.Matchers.not(containsString("first-receiver-token")));
            String stored = column(subId);
            assertTrue(stored.startsWith("tenc1."), "sealed at rest");
            assertFalse(rowText(subId).contains("first-receiver-token"), "nothing in the row holds it in clear");

            String alice = WebhookDeliveryTest.createUser(dir, "push.auth.alice");
            dir.scim().body(EventFeedTest.patchActive(false)).patch(dir.path("/Users/" + alice)).then().statusCode(200);
            await(WAIT, "the first push", () -> receiver.received().size() == 1);
            assertEquals(FIRST, receiver.received().get(0).header("authorization"));
            assertEquals(SecurityEventTokens.MEDIA_TYPE, receiver.received().get(0).header("content-type"));

            // changed: the next push carries the new value
            operator().body(Map.of("authorizationHeader", SECOND)).patch("/admin/v1/subscriptions/" + subId)
                    .then().statusCode(200).body("hasAuthorizationHeader", equalTo(true))
                    .body(org.hamcrest.Matchers.not(containsString("second-receiver-token")));
            String bob = WebhookDeliveryTest.createUser(dir, "push.auth.bob");
            dir.scim().body(EventFeedTest.patchActive(false)).patch(dir.path("/Users/" + bob)).then().statusCode(200);
            await(WAIT, "the second push", () -> receiver.received().size() == 2);
            assertEquals(SECOND, receiver.received().get(1).header("authorization"));

            // cleared: pushes carry none
            operator().body("{\"authorizationHeader\":null}").patch("/admin/v1/subscriptions/" + subId)
                    .then().statusCode(200).body("hasAuthorizationHeader", equalTo(false));
            assertNull(column(subId));
            String carol = WebhookDeliveryTest.createUser(dir, "push.auth.carol");
            dir.scim().body(EventFeedTest.patchActive(false)).patch(dir.path("/Users/" + carol)).then().statusCode(200);
            await(WAIT, "the third push", () -> receiver.received().size() == 3);
            assertNull(receiver.received().get(2).header("authorization"));

            // the trail names each change, never the value
            String trail = given().auth().oauth2(AdminTokens.withGroups("tether-auditor"))
                    .get("/admin/v1/operator-trail?count=1000&target=" + subId).then().statusCode(200).extract()
                    .asString();
            JsonNode records = new ObjectMapper().readTree(trail).get("records");
            List<String> said = new java.util.ArrayList<>();
            records.forEach(r -> said.add(r.get("record").get("action").asText() + ":"
                    + r.get("record").path("details").path("authorizationHeader").asText()));
            assertEquals(List.of("subscription.create:set", "subscription.update:set", "subscription.update:cleared"),
                    said);
            assertFalse(trail.contains("receiver-token"), "the value is not on the trail");
            Subscriptions.delete(subId);
        }
    }

    @Test
    void aHeaderOnAStandardWebhooksSubscriptionOrNotOneHeaderValueIsRefusedAndChangesNothing() throws Exception {
        ScimDirectory dir = ScimDirectory.create("ssf-push-auth-refused");
        String url = "http://127.0.0.1:9/ssf";
        long before = subscriptions();
        Map<String, Object> webhooks = ssf(url, dir.id(), FIRST);
        webhooks.put("format", "standard-webhooks");
        for (Object bad : new Object[] {"Bearer a\r\nX-Injected: 1", "", "   ", "x".repeat(4097), "Bearer é"}) {
            operator().body(ssf(url, dir.id(), bad)).post("/admin/v1/subscriptions").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/authorizationHeader"));
        }
        operator().body(webhooks).post("/admin/v1/subscriptions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/authorizationHeader"))
                .body("errors[0].detail", containsString("SSF"));
        assertEquals(before, subscriptions(), "nothing was made");

        // PATCH: the same rules, nothing changed
        String ssfId = operator().body(ssf(url, dir.id(), FIRST)).post("/admin/v1/subscriptions").then()
                .statusCode(201).extract().path("id");
        String storedBefore = column(ssfId);
        operator().body(Map.of("authorizationHeader", "Bearer a\nb")).patch("/admin/v1/subscriptions/" + ssfId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/authorizationHeader"));
        assertEquals(storedBefore, column(ssfId));
        webhooks.remove("authorizationHeader");
        String webhookId = operator().body(webhooks).post("/admin/v1/subscriptions").then().statusCode(201)
                .extract().path("id");
        operator().body(Map.of("authorizationHeader", FIRST)).patch("/admin/v1/subscriptions/" + webhookId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/authorizationHeader"));
        assertNull(column(webhookId));
        Subscriptions.delete(ssfId);
        Subscriptions.delete(webhookId);
    }

    private long subscriptions() throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM subscriptions")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String column(String subId) throws Exception {
        return text("SELECT push_authorization FROM subscriptions WHERE id = ?", subId);
    }

    private String rowText(String subId) throws Exception {
        return text("SELECT s::text FROM subscriptions s WHERE id = ?", subId);
    }

    private String text(String sql, String subId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(subId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
