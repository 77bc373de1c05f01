package dev.tether.signals;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Tether transmitting to Tether's receiver, over real HTTP: directory A's SSF subscription pushes
 * to directory B's signal source, whose keys are Tether's own published JWKS and whose issuer is
 * Tether's own SSF issuer. A user deactivated in A is a RISC account-disabled SET, signed and
 * pushed with the Authorization header B's source issued; B matches it to its user (externalId =
 * A's user id) and runs the cascade, with the SET's jti (A's event id) as the cause. Without the
 * header, B refuses the push and nothing happens in B.
 *
 * <p>One Tether process plays both parts (two directories) rather than two processes: the HTTP,
 * the SET, its signature and the JWKS fetch are the same as between two servers.
 */
@QuarkusTest
class TetherToTetherSignalTest {

    @Test
    void aLeaverInOneDirectoryIsASignalThatCutsOffTheMatchedUsersAgentsInAnother() {
        // directory A: the transmitting side, a user who will leave
        LineageApi a = LineageApi.create("t2t-transmitter");
        String leaver = a.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "t2t.leaver", "active", true)).post(a.dir().path("/Users")).then().statusCode(201)
                .extract().path("id");
        // directory B: the same person, known by A's id, with an agent and its key
        LineageApi b = LineageApi.create("t2t-receiver");
        String user = b.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "t2t.same.person", "active", true, "externalId", leaver))
                .post(b.dir().path("/Users")).then().statusCode(201).extract().path("id");
        String agent = b.agent("t2t-agent");
        String delegation = b.delegateFromUser(user, agent, List.of("read"));
        String credential = b.credential(agent, delegation, "t2t-key");

        // B's source: Tether's own SSF metadata names the issuer and the keys
        JsonPath meta = given().get("/.well-known/ssf-configuration").then().statusCode(200).extract().jsonPath();
        JsonPath source = SignalReceiverTest.operator().body(Map.of("issuer", meta.getString("issuer"),
                "jwksUri", meta.getString("jwks_uri"), "subjectMatch", List.of("externalId")))
                .post(SignalReceiverTest.sources(b.dir().id())).then().statusCode(201).extract().jsonPath();

        // A's subscription to it, first without the header B issued
        Map<String, Object> body = new HashMap<>();
        body.put("url", source.getString("pushEndpoint"));
        body.put("format", "ssf");
        body.put("audience", source.getString("audience"));
        body.put("directoryIds", List.of(a.dir().id()));
        body.put("eventTypes", List.of("user.deactivated"));
        String subscription = SignalReceiverTest.operator().body(body).post("/admin/v1/subscriptions").then()
                .statusCode(201).extract().path("id");
        try {
            a.dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}"))
                    .patch(a.dir().path("/Users/" + leaver)).then().statusCode(200);
            await(Duration.ofSeconds(30), "the push refused by B", () -> String.valueOf(delivery(subscription)
                    .get("lastError")).contains("authentication_failed"));
            Map<String, Object> refused = delivery(subscription);
            assertEquals(400, refused.get("lastStatusCode"));
            assertEquals("active", b.credentialStatus(credential), "a refused push changes nothing in B");
            assertEquals(0, SignalReceiverTest.receipts(source.getString("id")));

            // with the header B issued, the same event (same jti) goes again and is accepted
            SignalReceiverTest.operator().body(Map.of("authorizationHeader", source.getString("authorizationHeader")))
                    .patch("/admin/v1/subscriptions/" + subscription).then().statusCode(200);
            SignalReceiverTest.operator().post("/admin/v1/subscriptions/" + subscription + "/deliveries/"
                    + refused.get("id") + "/replay").then().statusCode(202);
            await(Duration.ofSeconds(30), "the cascade in B", () -> "revoked".equals(b.credentialStatus(credential)));
            Map<String, Object> delivered = delivery(subscription);
            assertEquals("succeeded", delivered.get("status"));
            assertEquals(202, delivered.get("lastStatusCode"));
            assertEquals("revoked", b.delegationStatus(delegation));
            assertEquals(1, SignalReceiverTest.holds(user), "B's user is on hold until B's IdP confirms");

            // one signal end to end: A's event id is the SET's jti and the cause of B's revocation
            String eventId = String.valueOf(delivered.get("eventId"));
            String cause = given().auth().oauth2(AdminTokens.operator()).get(b.admin("/credentials/" + credential))
                    .then().statusCode(200).extract().path("cause");
            assertEquals(eventId, cause);
            List<Map<String, Object>> received = SignalReceiverTest.trail(b.dir().id(), "signal.receive");
            assertEquals(1, received.size());
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) received.get(0).get("details");
            assertEquals(eventId, details.get("jti"));
            assertEquals(meta.getString("issuer"), details.get("issuer"));
            assertTrue(String.valueOf(details.get("events")).contains("account-disabled"), details.toString());
        } finally {
            SignalReceiverTest.operator().delete("/admin/v1/subscriptions/" + subscription).then().statusCode(204);
        }
    }

    private static Map<String, Object> delivery(String subscription) {
        List<Map<String, Object>> deliveries = SignalReceiverTest.operator()
                .get("/admin/v1/subscriptions/" + subscription + "/deliveries").then().statusCode(200).extract()
                .jsonPath().getList("");
        return deliveries.isEmpty() ? Map.of() : deliveries.get(0);
    }
}
