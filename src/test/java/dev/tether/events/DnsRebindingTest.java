package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With private targets refused (the production default), the address rule holds for the address
 * actually connected to: a name that was public when the subscription was written and points
 * at loopback when the delivery is sent (DNS rebinding) gets nothing delivered.
 */
@QuarkusTest
@TestProfile(DnsRebindingTest.PrivateTargetsRefused.class)
class DnsRebindingTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** The production rule: no private, loopback or link-local targets. */
    public static class PrivateTargetsRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tether.webhooks.allow-private-targets", "false");
        }
    }

    @Inject
    MappedHostResolver dns;

    @Test
    void aNameThatRebindsToLoopbackAfterTheSubscriptionWasWrittenGetsNothing() {
        ScimDirectory dir = ScimDirectory.create("dns-rebinding");
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            String url = "http://rebind.test:" + URI.create(receiver.url()).getPort() + "/hook";
            dns.answer("rebind.test", "93.184.216.34"); // public when the subscription is written
            String subId = Subscriptions.create(url, "standard-webhooks", dir.id(), null).getString("id");

            dns.answer("rebind.test", "127.0.0.1"); // and the receiver's loopback when delivering
            WebhookDeliveryTest.createUser(dir, "rebind.alice");

            await(WAIT, "two attempts, or the receiver reached", () -> {
                List<Map<String, Object>> d = Subscriptions.deliveries(subId, null);
                return !receiver.received().isEmpty() || d.size() == 1 && (Integer) d.get(0).get("attempts") >= 2;
            });
            assertEquals(List.of(), receiver.received(), "the loopback receiver got nothing");
            Map<String, Object> delivery = Subscriptions.deliveries(subId, null).get(0);
            assertTrue(List.of("pending", "dead").contains(delivery.get("status")), "not delivered: " + delivery);
            assertNull(delivery.get("lastStatusCode"), "no HTTP exchange took place");
            String error = (String) delivery.get("lastError");
            assertTrue(error.contains("rebind.test") && error.contains("127.0.0.1")
                    && error.contains("private, loopback or link-local"), error);
            Subscriptions.delete(subId);
        } finally {
            dns.forget("rebind.test");
        }
    }

    @Test
    void aNameThatIsPrivateWhenWrittenIsRefusedRightAway() {
        ScimDirectory dir = ScimDirectory.create("dns-private-at-write");
        dns.answer("inside.test", "93.184.216.34", "10.1.2.3"); // one private answer is enough
        try {
            String body = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                    .body(Map.of("url", "https://inside.test/hook", "format", "standard-webhooks",
                            "directoryIds", List.of(dir.id())))
                    .post("/admin/v1/subscriptions").then().statusCode(400).extract().asString();
            assertTrue(body.contains("10.1.2.3"), body);
        } finally {
            dns.forget("inside.test");
        }
    }
}
