package dev.tether.events;

import dev.tether.lineage.LineageApi;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time from a leaver's SCIM request (Entra's "False" PATCH) to a Standard Webhooks receiver on
 * loopback holding the last credential.revoked of the cascade, for 1 and for 1 000 credentials.
 * A measurement, not a test: it asserts nothing about time and is not in the build (Surefire
 * includes *Test, *Tests, *Properties). Run with bench/revocation-latency.sh.
 */
@QuarkusTest
class RevocationLatencyBench {

    static final int RUNS = 5;

    @Test
    void measure() {
        for (int credentials : List.of(1, 1000)) {
            List<Long> millis = new ArrayList<>();
            for (int run = -1; run < RUNS; run++) {
                long ms = oneLeaver(credentials, run);
                if (run >= 0) {
                    millis.add(ms);
                }
            }
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            System.out.printf("REVOCATION-LATENCY %d credential(s), %d runs, ms: %s; median %d ms%n",
                    credentials, RUNS, millis, sorted.get(RUNS / 2));
        }
    }

    /** One user → one agent holding N credentials; returns ms from the PATCH to the last revocation received. */
    private static long oneLeaver(int credentials, int run) {
        LineageApi api = LineageApi.create("bench-revocation-" + credentials + "-" + run);
        String user = api.user("bench-user-" + credentials + "-" + run);
        String agent = api.agent("bench-agent-" + credentials + "-" + run);
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        for (int i = 0; i < credentials; i++) {
            api.credential(agent, delegation, "bench-key-" + run + "-" + i);
        }
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            String subscription = Subscriptions.create(receiver.url(), "standard-webhooks", api.dir().id(),
                    List.of(EventTypes.CREDENTIAL_REVOKED)).getString("id");
            Instant start = Instant.now();
            api.dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                    .patch(api.dir().path("/Users/" + user)).then().statusCode(200);
            WebhookReceiver.await(Duration.ofSeconds(120), credentials + " revocations",
                    () -> receiver.received().size() >= credentials);
            Instant last = receiver.received().stream().map(WebhookReceiver.Received::at).max(Instant::compareTo)
                    .orElseThrow();
            Subscriptions.delete(subscription);
            return Duration.between(start, last).toMillis();
        }
    }
}
