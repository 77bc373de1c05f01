package dev.tether.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.events.WebhookReceiver;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The feature metrics an operator scrapes from /q/metrics: cascades (CascadeMetrics), the
 * outbox (OutboxMetrics), delivery attempts (DeliveryMetrics) and audit seal lag (SealLagMetrics),
 * driven through the real SCIM and admin APIs.
 */
@QuarkusTest
class FeatureMetricsTest {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @Test
    void cascadeSeriesExistBeforeAnyCascade() {
        // run alone, nothing has expired yet: the "expired" series can only come from the start
        String metrics = scrape();
        assertTrue(metrics.contains("tether_cascade_revocations_total{kind=\"credential\",reason=\"expired\"}"), metrics);
        assertTrue(metrics.contains("tether_cascade_duration_seconds_count{reason=\"expired\"}"));
        assertTrue(metrics.contains("tether_cascade_size_count{reason=\"expired\"}"));
    }

    @Test
    void aLeaverCascadeMovesTheCascadeMetrics() {
        String revoked = "tether_cascade_revocations_total{kind=\"%s\",reason=\"leaver\"}";
        double delegations = sample(revoked.formatted("delegation"));
        double credentials = sample(revoked.formatted("credential"));
        double agents = sample(revoked.formatted("agent"));
        double cascades = sample("tether_cascade_duration_seconds_count{reason=\"leaver\"}");
        double sizeSum = sample("tether_cascade_size_sum{reason=\"leaver\"}");

        // user → agent → credential, then the user leaves
        LineageApi api = LineageApi.create("metrics-leaver");
        String user = api.user("metrics-leaver-user");
        String agent = api.agent("metrics-leaver-agent");
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        String credential = api.credential(agent, delegation, "metrics-leaver-key");
        api.dir().scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\","
                        + "\"path\":\"active\",\"value\":false}]}")
                .patch(api.dir().path("/Users/" + user)).then().statusCode(200);
        assertEquals("revoked", api.credentialStatus(credential));

        assertEquals(delegations + 1, sample(revoked.formatted("delegation")));
        assertEquals(credentials + 1, sample(revoked.formatted("credential")));
        assertEquals(agents + 1, sample(revoked.formatted("agent")));
        assertEquals(cascades + 1, sample("tether_cascade_duration_seconds_count{reason=\"leaver\"}"));
        assertTrue(sample("tether_cascade_duration_seconds_sum{reason=\"leaver\"}") > 0);
        assertEquals(sizeSum + 1, sample("tether_cascade_size_sum{reason=\"leaver\"}"), "one credential revoked");
    }

    @Test
    void aWebhookDeliveryIsCountedAndTheOutboxAndSealLagAreReported() {
        LineageApi api = LineageApi.create("metrics-webhook");
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            String subscription = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url(), "format", "standard-webhooks",
                            "directoryIds", List.of(api.dir().id())))
                    .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
            String success = "tether_delivery_attempts_total{format=\"standard-webhooks\",outcome=\"success\","
                    + "subscription=\"" + subscription + "\"}";
            api.user("metrics-webhook-user");
            WebhookReceiver.await(Duration.ofSeconds(30), "a delivery counted", () -> sample(success) >= 1);
            assertTrue(sample(success) <= receiver.received().size(), "no success without a request received");
        }

        String metrics = scrape();
        assertTrue(gauge(metrics, "tether_outbox_depth") >= 0, "outbox depth reported");
        assertTrue(gauge(metrics, "tether_outbox_oldest_age_seconds") >= 0, "outbox age reported");
        assertTrue(gauge(metrics, "tether_audit_seal_lag_seconds") >= 0, "seal lag reported");
    }

    private static String scrape() {
        return dev.tether.testing.Management.metrics();
    }

    /** A series' value, 0 when it is not there yet. */
    private static double sample(String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A label-less gauge's value; fails the test when it is not reported at all. */
    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{\\})? (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), name + " is not in /q/metrics");
        return Double.parseDouble(m.group(1));
    }
}
