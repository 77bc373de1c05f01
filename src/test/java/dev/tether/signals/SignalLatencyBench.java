package dev.tether.signals;

import dev.tether.events.WebhookReceiver;
import dev.tether.lineage.LineageApi;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario S10: an IdP's SET pushed → the cascade committed → a loopback Standard Webhooks receiver
 * holding the last credential.revoked. For 1 credential: p99 and median over many signals, each
 * for its own user; for larger fan-outs: the median of three. A measurement, not a test: it asserts
 * nothing about time and is not in the build (Surefire includes *Test, *Tests, *Properties). Run
 * with bench/signal-latency.sh; sizes from -Dsignal.bench.sizes (default 1,10000).
 */
@QuarkusTest
class SignalLatencyBench {

    static final int SINGLE_RUNS = 100;
    static final int FAN_OUT_RUNS = 3;

    @Test
    void measure() {
        String sizes = System.getProperty("signal.bench.sizes", "1,10000");
        try (TestTransmitter idp = new TestTransmitter()) {
            for (String size : sizes.split(",")) {
                int credentials = Integer.parseInt(size.trim());
                int runs = credentials == 1 ? SINGLE_RUNS : FAN_OUT_RUNS;
                List<Long> millis = new ArrayList<>();
                for (int run = -1; run < runs; run++) {
                    long ms = oneSignal(idp, credentials, run);
                    if (run >= 0) {
                        millis.add(ms);
                    }
                }
                List<Long> sorted = new ArrayList<>(millis);
                Collections.sort(sorted);
                long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
                System.out.printf("SIGNAL-LATENCY %d credential(s), %d runs: median %d ms, p99 %d ms, max %d ms%n",
                        credentials, runs, sorted.get(runs / 2), p99, sorted.get(sorted.size() - 1));
            }
        }
    }

    /** One user → one agent holding N credentials; ms from the push to the last revocation received. */
    private static long oneSignal(TestTransmitter idp, int credentials, int run) {
        SignalReceiverTest.Scene s = SignalReceiverTest.scene("bench-signal-" + credentials + "-" + run, idp);
        for (int i = 1; i < credentials; i++) {
            s.api().credential(s.agent(), s.delegation(), "bench-signal-key-" + run + "-" + i);
        }
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> WebhookReceiver.Reply.of(200))) {
            String subscription = SignalReceiverTest.operator().body(Map.of("url", receiver.url(),
                    "format", "standard-webhooks", "directoryIds", List.of(s.api().dir().id()),
                    "eventTypes", List.of("credential.revoked")))
                    .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
            String set = idp.sign(idp.claims(s.audience(), TestTransmitter.RISC + "account-disabled",
                    TestTransmitter.email(s.email())));
            Instant start = Instant.now();
            SignalReceiverTest.push(s.endpoint(), s.header(), set).then().statusCode(202);
            WebhookReceiver.await(Duration.ofSeconds(300), credentials + " revocations",
                    () -> receiver.received().size() >= credentials);
            Instant last = receiver.received().stream().map(WebhookReceiver.Received::at).max(Instant::compareTo)
                    .orElseThrow();
            SignalReceiverTest.operator().delete("/admin/v1/subscriptions/" + subscription).then().statusCode(204);
            return Duration.between(start, last).toMillis();
        }
    }
}
