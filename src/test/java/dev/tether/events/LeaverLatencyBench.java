package dev.tether.events;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time from a leaver's SCIM request to a Standard Webhooks receiver holding user.deactivated,
 * on loopback. A measurement, not a test: it asserts nothing about time and is not in the
 * build (surefire includes *Test, *Tests, *Properties). Run with bench/leaver-latency.sh.
 */
@QuarkusTest
class LeaverLatencyBench {

    static final int RUNS = 5;

    @Test
    void measure() {
        ScimDirectory dir = ScimDirectory.create("bench-leaver-latency");
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            String subId = Subscriptions.create(receiver.url(), "standard-webhooks", dir.id(),
                    List.of("user.deactivated")).getString("id");
            // warm up the JIT and the connection pool once, unmeasured
            List<Long> micros = new ArrayList<>();
            for (int run = -1; run < RUNS; run++) {
                String user = WebhookDeliveryTest.createUser(dir, "bench." + run);
                int before = receiver.received().size();
                Instant start = Instant.now();
                dir.scim().body(EventFeedTest.patchActive(false)).patch(dir.path("/Users/" + user)).then().statusCode(200);
                WebhookReceiver.await(Duration.ofSeconds(30), "delivery", () -> receiver.received().size() > before);
                Duration latency = Duration.between(start, receiver.received().get(before).at());
                if (run >= 0) {
                    micros.add(latency.toNanos() / 1000);
                }
            }
            List<Long> sorted = new ArrayList<>(micros);
            Collections.sort(sorted);
            System.out.printf("LEAVER-LATENCY user.deactivated, %d runs, microseconds: %s; median %.1f ms%n",
                    RUNS, micros, sorted.get(RUNS / 2) / 1000.0);
            Subscriptions.delete(subId);
        }
    }
}
