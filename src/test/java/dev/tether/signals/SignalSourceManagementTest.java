package dev.tether.signals;

import static dev.tether.events.WebhookReceiver.await;
import static dev.tether.signals.SignalReceiverTest.operator;
import static dev.tether.signals.SignalReceiverTest.sources;
import static dev.tether.signals.SignalReceiverTest.trail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import dev.tether.testing.DirectoryRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Running a signal source after it is made: the managed stream's status read from the transmitter
 * on an interval (a paused or disabled stream shows as such), a verification event asked for on
 * demand, and the subject match and actions edited; each audited with its actor, each refusal a
 * problem that changes nothing.
 */
@QuarkusTest
class SignalSourceManagementTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    static JsonPath managed(String dir, TestTransmitter transmitter) {
        return operator().body(Map.of("configurationUrl", transmitter.configurationUrl(),
                "transmitterToken", TestTransmitter.MANAGEMENT_TOKEN)).post(sources(dir)).then().statusCode(201)
                .extract().jsonPath();
    }

    static JsonPath get(String dir, String id) {
        return operator().get(sources(dir) + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits for the verification pushed at creation; a timeout says what Tether answered the push. */
    static void awaitVerified(TestTransmitter transmitter, String dir, String id) {
        try {
            await(WAIT, "the first verification", () -> get(dir, id).getString("stream.verifiedAt") != null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; Tether answered the push: " + transmitter.verificationAnswer, e);
        }
    }

    @Test
    void aManagedStreamsStatusIsReadOnTheIntervalAndAPausedOrDisabledStreamShowsAsSuch() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            String dir = LineageApi.create("stream-status").dir().id();
            String id = managed(dir, transmitter).getString("id");
            assertEquals("enabled", get(dir, id).getString("stream.status"));

            transmitter.streamState = new TestTransmitter.StreamState("paused", "maintenance window");
            await(WAIT, "the paused stream shown", () -> "paused".equals(get(dir, id).getString("stream.status")));
            JsonPath paused = get(dir, id);
            assertEquals("maintenance window", paused.getString("stream.reason"));
            assertNotNull(paused.getString("stream.checkedAt"));
            assertEquals(null, paused.getString("stream.checkError"));
            assertEquals("active", paused.getString("status"), "Tether's own status of the source is the operator's");

            transmitter.streamState = new TestTransmitter.StreamState("disabled", null);
            await(WAIT, "the disabled stream shown", () -> "disabled".equals(get(dir, id).getString("stream.status")));

            // each change of the transmitter's answer is on the trail, read by the system
            List<Map<String, Object>> changes = trail(dir, "signal_source.stream_status");
            assertEquals(List.of("paused", "disabled"), changes.stream()
                    .map(r -> ((Map<?, ?>) r.get("details")).get("streamStatus")).toList());
            assertEquals("system", ((Map<?, ?>) changes.get(0).get("actor")).get("type"));

            // a transmitter that stops answering: the last known status stays, the failure is shown
            transmitter.close();
            await(WAIT, "the failed read shown", () -> get(dir, id).getString("stream.checkError") != null);
            assertEquals("disabled", get(dir, id).getString("stream.status"));
        }
    }

    @Test
    void theFirstStatusKnownIsNotAChange() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            transmitter.statusAnswer = 503;
            String dir = LineageApi.create("stream-status-first").dir().id();
            String id = managed(dir, transmitter).getString("id");
            assertEquals(null, get(dir, id).getString("stream.status"));
            assertNotNull(get(dir, id).getString("stream.checkError"));

            transmitter.statusAnswer = 200;
            await(WAIT, "the status read", () -> "enabled".equals(get(dir, id).getString("stream.status")));
            assertEquals(null, get(dir, id).getString("stream.checkError"));
            assertTrue(trail(dir, "signal_source.stream_status").isEmpty(), "nothing changed: the status was unknown");
        }
    }

    @Test
    void verifyAsksTheTransmitterAndTheSourceShowsWhenTheVerificationArrived() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            String dir = LineageApi.create("signal-verify").dir().id();
            String id = managed(dir, transmitter).getString("id");
            awaitVerified(transmitter, dir, id);
            OffsetDateTime first = OffsetDateTime.parse(get(dir, id).getString("stream.verifiedAt"));
            assertEquals(1, transmitter.verificationStates.size());

            JsonPath asked = operator().post(sources(dir) + "/" + id + "/verify").then().statusCode(202).extract()
                    .jsonPath();
            assertNotNull(asked.getString("stream.verificationRequestedAt"));
            assertEquals(2, transmitter.verificationStates.size(), "the transmitter was asked again");
            String state = transmitter.verificationStates.get(1);
            await(WAIT, "the second verification", () -> state.equals(get(dir, id).getString("stream.verificationState")));
            assertTrue(OffsetDateTime.parse(get(dir, id).getString("stream.verifiedAt")).isAfter(first));
            List<Map<String, Object>> requested = trail(dir, "signal_source.verification_requested");
            assertEquals(1, requested.size());
            assertEquals("admin", ((Map<?, ?>) requested.get(0).get("actor")).get("type"));
        }
    }

    @Test
    void verifyIsRefusedForASourceItCannotServeAndChangesNothing() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            LineageApi api = LineageApi.create("signal-verify-refused");
            String dir = api.dir().id();
            String byHand = operator().body(Map.of("issuer", transmitter.issuer, "jwksUri", transmitter.jwksUri()))
                    .post(sources(dir)).then().statusCode(201).extract().path("id");
            String managed = managed(dir, transmitter).getString("id");
            awaitVerified(transmitter, dir, managed);
            Map<String, Long> before = DirectoryRows.count(dir);
            String requestedAt = get(dir, managed).getString("stream.verificationRequestedAt");

            operator().post(sources(dir) + "/" + byHand + "/verify").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("not managed"));
            transmitter.verificationStatus = 503;
            operator().post(sources(dir) + "/" + managed + "/verify").then().statusCode(502)
                    .contentType("application/problem+json").body("detail", containsString("503"));
            transmitter.verificationStatus = 204;
            operator().post(sources(dir) + "/00000000-0000-0000-0000-000000000001/verify").then().statusCode(404)
                    .contentType("application/problem+json");
            operator().post(sources(dir) + "/not-a-uuid/verify").then().statusCode(404)
                    .contentType("application/problem+json");
            String other = LineageApi.create("signal-verify-other").dir().id();
            operator().post(sources(other) + "/" + managed + "/verify").then().statusCode(404)
                    .contentType("application/problem+json");
            assertEquals(before, DirectoryRows.count(dir));
            assertEquals(requestedAt, get(dir, managed).getString("stream.verificationRequestedAt"));
            operator().body(Map.of("status", "paused")).patch(sources(dir) + "/" + managed).then().statusCode(200);
            Map<String, Long> paused = DirectoryRows.count(dir);
            operator().post(sources(dir) + "/" + managed + "/verify").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("paused"));
            assertEquals(paused, DirectoryRows.count(dir));
            assertEquals(1, transmitter.verificationStates.size(), "only the request made at creation was taken");
            assertTrue(trail(dir, "signal_source.verification_requested").isEmpty());
        }
    }

    @Test
    void actionsAndSubjectMatchAreEditedAuditedAndActedOn() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            SignalReceiverTest.Scene s = SignalReceiverTest.scene("signal-edit", transmitter);
            String dir = s.api().dir().id();
            String id = s.source().getString("id");
            operator().body(Map.of("subjectMatch", List.of("externalId"), "actions", Map.of("account-disabled", "hold")))
                    .patch(sources(dir) + "/" + id).then().statusCode(200)
                    .body("subjectMatch", equalTo(List.of("externalId")))
                    .body("actions.account-disabled", equalTo("hold"))
                    .body("actions.credential-compromise", equalTo("revoke"))
                    .body("status", equalTo("active"));
            List<Map<String, Object>> edits = trail(dir, "signal_source.updated");
            assertEquals(1, edits.size());
            assertEquals("admin", ((Map<?, ?>) edits.get(0).get("actor")).get("type"));
            Map<?, ?> details = (Map<?, ?>) edits.get(0).get("details");
            assertEquals(List.of("externalId"), details.get("subjectMatch"));
            assertEquals(Map.of("account-disabled", "revoke"), details.get("actionsBefore"));
            assertEquals("hold", ((Map<?, ?>) details.get("actions")).get("account-disabled"));

            // the email no longer matches anyone; the externalId does, and the event only holds
            SignalReceiverTest.push(s.endpoint(), s.header(), transmitter.sign(transmitter.claims(s.audience(),
                    TestTransmitter.RISC + "account-disabled", TestTransmitter.email(s.email())))).then().statusCode(202);
            assertEquals(0, SignalReceiverTest.holds(s.user()), "matched by externalId only now");
            SignalReceiverTest.push(s.endpoint(), s.header(), transmitter.sign(transmitter.claims(s.audience(),
                    TestTransmitter.RISC + "account-disabled", Map.of("format", "opaque", "id", "ext-signal-edit"))))
                    .then().statusCode(202);
            assertEquals(1, SignalReceiverTest.holds(s.user()), "held");
            assertEquals("active", s.api().credentialStatus(s.credential()), "hold, not revoke");
        }
    }

    @Test
    void badEditsAreProblemsAndChangeNothing() {
        try (TestTransmitter transmitter = new TestTransmitter()) {
            SignalReceiverTest.Scene s = SignalReceiverTest.scene("signal-edit-bad", transmitter);
            String dir = s.api().dir().id();
            String id = s.source().getString("id");
            String before = operator().get(sources(dir) + "/" + id).then().statusCode(200).extract().asString();
            Map<String, Long> rows = DirectoryRows.count(dir);
            Map<String, String> bodies = new java.util.LinkedHashMap<>();
            bodies.put("{}", "");
            bodies.put("{\"subjectMatch\":[]}", "/subjectMatch");
            bodies.put("{\"subjectMatch\":[\"phone\"]}", "/subjectMatch/0");
            bodies.put("{\"actions\":{\"account-disabled\":\"explode\"}}", "/actions/account-disabled");
            bodies.put("{\"actions\":{\"made-up-event\":\"revoke\"}}", "/actions/made-up-event");
            bodies.put("{\"actions\":{\"account-disabled\":null}}", "/actions/account-disabled");
            bodies.put("{\"status\":\"asleep\"}", "/status");
            bodies.put("{\"issuer\":\"https://elsewhere.example.com\"}", "/issuer");
            bodies.put("{\"subjectMatch\":[\"externalId\"],\"actions\":{\"account-disabled\":\"explode\"}}",
                    "/actions/account-disabled");
            for (Map.Entry<String, String> b : bodies.entrySet()) {
                operator().body(b.getKey()).patch(sources(dir) + "/" + id).then().statusCode(400)
                        .contentType("application/problem+json").body("errors[0].pointer", equalTo(b.getValue()));
            }
            operator().body("[]").patch(sources(dir) + "/" + id).then().statusCode(400)
                    .contentType("application/problem+json");
            operator().body(Map.of("actions", Map.of("account-disabled", "hold")))
                    .patch(sources(dir) + "/00000000-0000-0000-0000-000000000001").then().statusCode(404)
                    .contentType("application/problem+json");
            String other = LineageApi.create("signal-edit-other").dir().id();
            operator().body(Map.of("actions", Map.of("account-disabled", "hold"))).patch(sources(other) + "/" + id)
                    .then().statusCode(404).contentType("application/problem+json");
            assertEquals(before, operator().get(sources(dir) + "/" + id).then().statusCode(200).extract().asString());
            assertEquals(rows, DirectoryRows.count(dir));
            assertTrue(trail(dir, "signal_source.updated").isEmpty());
        }
    }
}
