package dev.tether.signals;

import static dev.tether.events.WebhookReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Managed streams: with only the transmitter's configuration URL, Tether creates the stream
 * (push with the header it generated, or RFC 8936 poll), requests verification and reads the
 * stream's status; a poll source is polled, its SETs act like pushed ones, and they are
 * acknowledged (or reported in setErrs when refused).
 */
@QuarkusTest
class ManagedStreamTest {

    @Test
    void aPushStreamIsCreatedAndVerifiedThroughTheTransmittersApi() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            String dir = SignalReceiverTest.scene("managed-push-setup", transmitter).api().dir().id();
            JsonPath source = SignalReceiverTest.operator().body(Map.of("configurationUrl", transmitter.configurationUrl(),
                    "transmitterToken", TestTransmitter.MANAGEMENT_TOKEN))
                    .post(SignalReceiverTest.sources(dir)).then().statusCode(201).extract().jsonPath();
            // what the transmitter was asked for
            @SuppressWarnings("unchecked")
            Map<String, Object> delivery = (Map<String, Object>) transmitter.streamRequest.get("delivery");
            assertEquals("urn:ietf:rfc:8935", delivery.get("method"));
            assertEquals(source.getString("pushEndpoint"), delivery.get("endpoint_url"));
            assertEquals(source.getString("authorizationHeader"), delivery.get("authorization_header"));
            @SuppressWarnings("unchecked")
            List<String> events = (List<String>) transmitter.streamRequest.get("events_requested");
            assertTrue(events.contains(TestTransmitter.RISC + "account-disabled"), events.toString());
            assertTrue(transmitter.managementAuthorizations.stream().allMatch(("Bearer " + TestTransmitter.MANAGEMENT_TOKEN)::equals));
            // learnt from the configuration and the stream
            assertEquals(transmitter.issuer, source.getString("issuer"));
            assertEquals(transmitter.jwksUri(), source.getString("jwksUri"));
            assertEquals("tether-receiver", source.getString("audience"));
            assertEquals("stream-1", source.getString("stream.id"));
            assertEquals("enabled", source.getString("stream.status"));
            // the verification event the transmitter pushed back was accepted and is shown
            await(Duration.ofSeconds(10), "the verification push", () -> transmitter.verificationAnswer != null);
            assertTrue(transmitter.verificationAnswer.startsWith("202"), transmitter.verificationAnswer);
            String id = source.getString("id");
            SignalReceiverTest.operator().get(SignalReceiverTest.sources(dir) + "/" + id).then().statusCode(200)
                    .body("stream.verificationState", org.hamcrest.Matchers.notNullValue());

            SignalReceiverTest.operator().delete(SignalReceiverTest.sources(dir) + "/" + id).then().statusCode(204);
            assertEquals("stream_id=stream-1", transmitter.streamDeleted);
        }
    }

    @Test
    void aPollSourceIsPolledItsSetsActAndAreAcknowledged() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            SignalReceiverTest.Scene s = SignalReceiverTest.scene("managed-poll", transmitter);
            String dir = s.api().dir().id();
            JsonPath source = SignalReceiverTest.operator().body(Map.of("configurationUrl", transmitter.configurationUrl(),
                    "delivery", "poll", "transmitterToken", TestTransmitter.MANAGEMENT_TOKEN))
                    .post(SignalReceiverTest.sources(dir)).then().statusCode(201).extract().jsonPath();
            assertEquals("poll", source.getString("delivery"));
            assertEquals(null, source.getString("authorizationHeader"));
            assertEquals(null, source.getString("pushEndpoint"));

            Map<String, Object> disabled = transmitter.claims("tether-receiver", TestTransmitter.RISC + "account-disabled",
                    TestTransmitter.email(s.email()));
            Map<String, Object> forged = transmitter.claims("tether-receiver", TestTransmitter.RISC + "account-disabled",
                    TestTransmitter.email(s.email()));
            transmitter.pollQueue.put((String) disabled.get("jti"), transmitter.sign(disabled));
            transmitter.pollQueue.put((String) forged.get("jti"),
                    TestTransmitter.sign(forged, TestTransmitter.newKey(), h -> { }));

            await(Duration.ofSeconds(20), "both SETs answered", () -> transmitter.pollQueue.isEmpty()
                    && transmitter.acked.contains((String) disabled.get("jti"))
                    && transmitter.setErrs.containsKey((String) forged.get("jti")));
            assertEquals("revoked", s.api().credentialStatus(s.credential()));
            @SuppressWarnings("unchecked")
            Map<String, Object> err = (Map<String, Object>) transmitter.setErrs.get((String) forged.get("jti"));
            assertEquals("invalid_key", err.get("err"));
            assertTrue(!transmitter.acked.contains((String) forged.get("jti")));
            String cause = io.restassured.RestAssured.given().auth().oauth2(AdminTokens.operator())
                    .get(s.api().admin("/credentials/" + s.credential())).then().statusCode(200).extract().path("cause");
            assertEquals(disabled.get("jti"), cause, "a polled SET's jti is the cause, as a pushed one's");
        }
    }
}
