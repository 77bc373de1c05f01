package dev.tether.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.admin.AdminApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failed delivery's lastError says what happened, and every request says who sent it. */
@QuarkusTest
class DeliveryLastErrorTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** Sends the subscription's test event and waits for its first attempt; returns that delivery. */
    static Map<String, Object> firstAttempt(String subscription) {
        given().auth().oauth2(AdminTokens.operator()).post("/admin/v1/subscriptions/{id}/test", subscription)
                .then().statusCode(202);
        WebhookReceiver.await(WAIT, "an attempt", () -> {
            List<Map<String, Object>> d = Subscriptions.deliveries(subscription, null);
            return d.size() == 1 && d.get(0).get("lastError") != null;
        });
        return Subscriptions.deliveries(subscription, null).get(0);
    }

    @Test
    void aClosedPortIsConnectionRefused() {
        WebhookReceiver closed = WebhookReceiver.down();
        String dir = AdminApi.createDirectory("last-error-refused");
        String sub = Subscriptions.create(closed.url(), Subscription.STANDARD_WEBHOOKS, dir, null).getString("id");
        String port = closed.url().replaceAll(".*:(\\d+)/.*", "$1");
        Map<String, Object> d = firstAttempt(sub);
        assertEquals("connection refused to 127.0.0.1:" + port, d.get("lastError"));
        Subscriptions.delete(sub);
    }

    @Test
    void anErrorAnswerKeepsTheFirst200BytesOfItsBody() {
        String body = "a".repeat(150) + "é".repeat(100); // 150 + 200 bytes: the cut falls inside the é run
        try (WebhookReceiver receiver = WebhookReceiver.started()
                .respond(r -> new WebhookReceiver.Reply(500, Map.of("Content-Type", "text/plain; charset=utf-8"), body))) {
            String dir = AdminApi.createDirectory("last-error-500");
            String sub = Subscriptions.create(receiver.url(), Subscription.STANDARD_WEBHOOKS, dir, null).getString("id");
            Map<String, Object> d = firstAttempt(sub);
            assertEquals("HTTP 500: " + "a".repeat(150) + "é".repeat(25), d.get("lastError"));
            assertEquals(500, d.get("lastStatusCode"));
            String agent = receiver.received().get(0).header("user-agent");
            assertTrue(agent != null && agent.matches("Tether/\\d+\\.\\d+\\.\\d+.*"), "User-Agent: " + agent);
            Subscriptions.delete(sub);
        }
    }

    @Test
    void eachAttemptRecordsHowLongItsRequestTook() {
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> {
            try {
                Thread.sleep(300); // a slow endpoint
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new WebhookReceiver.Reply(500, Map.of(), "slow and failing");
        })) {
            String dir = AdminApi.createDirectory("last-latency");
            String sub = Subscriptions.create(receiver.url(), Subscription.STANDARD_WEBHOOKS, dir, null).getString("id");
            Map<String, Object> d = firstAttempt(sub);
            int latency = (Integer) d.get("lastLatencyMs");
            assertTrue(latency >= 300 && latency < WAIT.toMillis(), "lastLatencyMs: " + latency);
            Subscriptions.delete(sub);
        }
    }

    @Test
    void noAnswerInTimeIsATimeout() {
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> {
            try {
                Thread.sleep(7_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return WebhookReceiver.Reply.of(200);
        })) {
            String dir = AdminApi.createDirectory("last-error-timeout");
            String sub = Subscriptions.create(receiver.url(), Subscription.STANDARD_WEBHOOKS, dir, null).getString("id");
            Map<String, Object> d = firstAttempt(sub);
            assertEquals("timeout after 5 s", d.get("lastError")); // tether.webhooks.timeout is PT5S in tests
            Subscriptions.delete(sub);
        }
    }
}
