package dev.tether.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Decisions racing a leaver: enforcement points keep asking about the leaver's agent (by
 * credential and by agent) while the leaver's SCIM PATCH runs. No decision asked after the
 * PATCH answered may permit: the leaver commits before it answers, and the decision point
 * reads the committed graph, not a cache.
 */
@QuarkusTest
class AuthZenLeaverRaceTest {

    static final int ROUNDS = 15;
    static final int ASKERS = 6;
    static final String AUDIENCE = "https://pay.example.com";

    record Asked(long startedNanos, boolean permit) {
    }

    @Test
    void noPermitAfterTheLeaverAnswered() throws Exception {
        AuthZenApi api = AuthZenApi.create("authzen-race-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(ASKERS + 1);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String user = api.lineage().user("leaver-" + round);
                String a = api.lineage().agent("a-" + round);
                String b = api.lineage().agent("b-" + round);
                String toA = api.grant("User", user, a, List.of("pay"), null, null);
                String toB = api.grant("Agent", a, b, List.of("pay"), AUDIENCE, toA);
                String key = "race-" + round;
                api.credential(b, toB, key, AUDIENCE);
                Map<String, Object> byCredential = AuthZenApi.question(b, Map.of("credential", Map.of("externalId", key)),
                        "pay", AUDIENCE);
                Map<String, Object> byAgent = AuthZenApi.question(b, Map.of(), "pay", AUDIENCE);
                assertTrue(api.evaluate(byCredential).then().statusCode(200).extract().<Boolean>path("decision"));

                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong leaverAnswered = new AtomicLong(Long.MAX_VALUE);
                List<CompletableFuture<List<Asked>>> askers = new ArrayList<>();
                // the leaver goes only once every asker has had its first answer, so they overlap
                // even when a loaded machine is slow to start the askers' threads
                java.util.concurrent.CountDownLatch asking = new java.util.concurrent.CountDownLatch(ASKERS);
                for (int i = 0; i < ASKERS; i++) {
                    Map<String, Object> question = i % 2 == 0 ? byCredential : byAgent;
                    askers.add(CompletableFuture.supplyAsync(() -> {
                        List<Asked> out = new ArrayList<>();
                        long deniedSince = -1;
                        while (!stop.get() || deniedSince < 0) {
                            long started = System.nanoTime();
                            boolean permit = api.evaluate(question).then().statusCode(200).extract().path("decision");
                            out.add(new Asked(started, permit));
                            if (out.size() == 1) {
                                asking.countDown();
                            }
                            if (!permit && deniedSince < 0) {
                                deniedSince = started;
                            }
                            if (out.size() > 10_000) {
                                break;
                            }
                        }
                        return out;
                    }, pool));
                }
                assertTrue(asking.await(60, java.util.concurrent.TimeUnit.SECONDS), "round " + round + ": askers started");
                Thread.sleep(20L + round % 5 * 10L);
                api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                        .patch(api.lineage().dir().path("/Users/" + user)).then().statusCode(200);
                leaverAnswered.set(System.nanoTime());
                stop.set(true);
                int permits = 0;
                for (CompletableFuture<List<Asked>> asker : askers) {
                    for (Asked asked : asker.get()) {
                        permits += asked.permit() ? 1 : 0;
                        if (asked.startedNanos() > leaverAnswered.get()) {
                            assertEquals(false, asked.permit(), "round " + round + ": a decision asked after the leaver "
                                    + "answered permitted");
                        }
                    }
                }
                assertTrue(permits > 0, "round " + round + ": the decisions did not overlap the leaver");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
