package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A delivery connects to the address its host resolved to when it was vetted, and still names
 * the URL's host: a name only the test's DNS knows reaches the receiver, Host header intact.
 */
@QuarkusTest
class DeliveryAddressTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MappedHostResolver dns;

    @Test
    void aNamedTargetIsDeliveredToTheAddressItResolvedTo() {
        ScimDirectory dir = ScimDirectory.create("delivery-address");
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            int port = URI.create(receiver.url()).getPort();
            dns.answer("receiver.test", "127.0.0.1");
            JsonPath sub = Subscriptions.create("http://receiver.test:" + port + "/hook", "standard-webhooks", dir.id(), null);

            WebhookDeliveryTest.createUser(dir, "address.alice");

            await(WAIT, "the delivery", () -> receiver.received().size() == 1);
            WebhookReceiver.Received got = receiver.received().get(0);
            assertEquals("receiver.test:" + port, got.header("host"), "the URL's host, not the address connected to");
            assertTrue(StandardWebhooksVerifier.verifies(got, sub.getString("secret")));
            await(WAIT, "recorded", () -> Subscriptions.deliveries(sub.getString("id"), "succeeded").size() == 1);
            Subscriptions.delete(sub.getString("id"));
        } finally {
            dns.forget("receiver.test");
        }
    }
}
