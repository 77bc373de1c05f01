package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole path of a leaver: Entra deactivates a human, the cascade revokes what derives from
 * them, a subscribed app receives each revocation once with the chain, and the audit trail of
 * that user shows every revocation under the same cause.
 */
@QuarkusTest
class LeaverRevocationDeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLeaversRevocationsReachTheReceiverAndTheAuditTrail() throws Exception {
        LineageApi api = LineageApi.create("leaver-delivery");
        String user = api.user("leaver-delivery-user");
        String a = api.agent("leaver-delivery-a");
        String b = api.agent("leaver-delivery-b");
        String d1 = api.delegateFromUser(user, a, List.of("read", "write"));
        String d2 = api.delegateFromAgent(a, b, List.of("read"));
        String c1 = api.credential(a, d1, "leaver-delivery-k1");
        String c2 = api.credential(b, d2, "leaver-delivery-k2");

        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            Subscriptions.create(receiver.url(), "standard-webhooks", api.dir().id(),
                    List.of(EventTypes.DELEGATION_REVOKED, EventTypes.CREDENTIAL_REVOKED, EventTypes.AGENT_SUSPENDED));
            api.dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                    .patch(api.dir().path("/Users/" + user)).then().statusCode(200);

            await(Duration.ofSeconds(30), "2 delegations, 2 credentials, 2 agents",
                    () -> distinctIds(receiver.received()).size() >= 6);
            List<JsonNode> events = new ArrayList<>();
            for (WebhookReceiver.Received r : receiver.received()) {
                events.add(JSON.readTree(r.body()));
            }
            Set<String> credentialsRevoked = new HashSet<>();
            for (JsonNode e : events) {
                assertEquals("leaver", e.path("data").path("reason").asText());
                if (e.path("type").asText().equals(EventTypes.CREDENTIAL_REVOKED)) {
                    credentialsRevoked.add(e.path("data").path("chain").path("credentialId").asText());
                    assertEquals(user, e.path("data").path("chain").path("rootUserId").asText());
                }
            }
            assertEquals(Set.of(c1, c2), credentialsRevoked);
            assertEquals(6, distinctIds(receiver.received()).size(), "each fact delivered once, by id");
        }

        JsonNode trail = JSON.readTree(given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + api.dir().id() + "/audit/trail/users/" + user)
                .then().statusCode(200).extract().asString());
        Set<String> actions = new HashSet<>();
        trail.findValues("action").forEach(n -> actions.add(n.asText()));
        assertTrue(actions.containsAll(Set.of("delegation.revoke", "credential.revoke", "agent.suspend")),
                "audit trail of the leaver shows the cascade: " + actions);
    }

    @Test
    void aManualRevocationOutsideACascadeIsPublishedAndAudited() throws Exception {
        LineageApi api = LineageApi.create("manual-revocation");
        String user = api.user("manual-revocation-user");
        String agent = api.agent("manual-revocation-a");
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        String credential = api.credential(agent, delegation, "manual-revocation-k");
        LineageApi.integration().delete(api.admin("/credentials/" + credential)).then().statusCode(204);

        // the feed shows a transaction's events once every older writing transaction has ended (a
        // background job's may still be running), as a feed reader polling it would see them
        JsonNode[] feed = new JsonNode[1];
        await(Duration.ofSeconds(10), "the revocation in the event feed", () -> {
            feed[0] = readTree(given().auth().oauth2(AdminTokens.operator())
                    .queryParam("types", EventTypes.CREDENTIAL_REVOKED)
                    .get("/admin/v1/directories/" + api.dir().id() + "/events")
                    .then().statusCode(200).extract().asString());
            return !feed[0].path("events").isEmpty();
        });
        assertEquals(1, feed[0].path("events").size(), feed[0].toString());
        JsonNode event = feed[0].path("events").get(0);
        assertEquals(credential, event.path("data").path("chain").path("credentialId").asText());
        assertEquals("manual", event.path("data").path("reason").asText());
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> distinctIds(List<WebhookReceiver.Received> received) {
        Set<String> ids = new HashSet<>();
        received.forEach(r -> ids.add(r.header("webhook-id")));
        return ids;
    }
}
