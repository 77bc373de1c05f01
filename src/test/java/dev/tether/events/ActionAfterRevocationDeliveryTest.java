package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.lineage.LineageApi;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A revoked key still in use somewhere: an app reports an action done with a credential after the
 * leaver revoked it, and a subscriber receives {@code agent.action_after_revocation}, signed and
 * verified like any event. An action done in time raises nothing.
 */
@QuarkusTest
class ActionAfterRevocationDeliveryTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSubscriberVerifiesTheIncident() throws Exception {
        LineageApi api = LineageApi.create("action-after-revocation");
        String user = api.user("leaver");
        String agent = api.agent("bot");
        String delegation = api.delegateFromUser(user, agent, List.of("pay"));
        String credential = api.credential(agent, delegation, "still-in-use");
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            JsonPath sub = Subscriptions.create(receiver.url(), "standard-webhooks", api.dir().id(),
                    List.of(EventTypes.AGENT_ACTION_AFTER_REVOCATION));
            Instant inTime = Instant.now();
            report(api, credential, inTime);
            api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                    .patch(api.dir().path("/Users/" + user)).then().statusCode(200);
            String late = report(api, credential, Instant.now());
            await(WAIT, "the incident delivered", () -> !receiver.received().isEmpty());
            Thread.sleep(300);
            assertEquals(1, receiver.received().size(), "only the action after the revocation raised an event");
            WebhookReceiver.Received got = receiver.received().get(0);
            assertTrue(StandardWebhooksVerifier.verifies(got, sub.getString("secret")), "signature verifies");
            JsonNode event = JSON.readTree(got.body());
            assertEquals("agent.action_after_revocation", event.path("type").asText());
            assertEquals(late, event.at("/data/action/id").asText());
            assertEquals(credential, event.at("/data/chain/credentialId").asText());
            assertEquals(user, event.at("/data/chain/rootUserId").asText());
            assertEquals("revoked", event.at("/data/binding/credential/state").asText());
        }
    }

    static String report(LineageApi api, String credential, Instant at) {
        return given().auth().oauth2(AdminTokens.withGroups(AdminRoles.PEP)).contentType(ContentType.JSON)
                .body(Map.of("credential", Map.of("id", credential), "action", "pay",
                        "target", Map.of("type", "invoice", "id", "inv-1"), "occurredAt", at.toString(),
                        "outcome", "success"))
                .post(api.admin("/actions")).then().statusCode(201).extract().path("id");
    }
}
