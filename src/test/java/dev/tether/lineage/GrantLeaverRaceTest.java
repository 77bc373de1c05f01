package dev.tether.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Grants and credentials racing their delegator's leaver: whichever commits first, nothing
 * created under the leaver survives it. Relies on lock order, not timing (see DelegatorLocks).
 */
@QuarkusTest
class GrantLeaverRaceTest {

    static final int ROUNDS = 40;

    @Test
    void nothingSurvivesTheLeaverItRacedWith() throws Exception {
        LineageApi api = LineageApi.create("race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String user = api.user("racer-" + round);
                String a = api.agent("a-" + round);
                String b = api.agent("b-" + round);
                String c = api.agent("c-" + round);
                String d = api.delegateFromUser(user, a, List.of("read"));
                CyclicBarrier start = new CyclicBarrier(4);
                CompletableFuture<Integer> leaver = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                            .patch(api.dir().path("/Users/" + user)).statusCode();
                }, pool);
                CompletableFuture<Integer> userGrant = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", b,
                            "scopes", List.of("read"))).statusCode();
                }, pool);
                CompletableFuture<Integer> agentGrant = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return api.grant(Map.of("delegator", Map.of("type", "Agent", "id", a), "agentId", c,
                            "scopes", List.of("read"))).statusCode();
                }, pool);
                String key = "race-" + round;
                CompletableFuture<Integer> credential = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return api.issue(a, d, key).statusCode();
                }, pool);
                assertEquals(200, leaver.get());
                for (int status : List.of(userGrant.get(), agentGrant.get(), credential.get())) {
                    assertTrue(status == 201 || status == 409, "grant or credential answered " + status);
                }
                List<Object> active = LineageApi.integration().queryParam("rootUserId", user).queryParam("status", "active")
                        .get(api.admin("/delegations")).then().statusCode(200).extract().path("");
                assertEquals(List.of(), active, "round " + round + ": a delegation survived its root's leaver");
                List<Object> activeCreds = LineageApi.integration().queryParam("agentId", a).queryParam("status", "active")
                        .get(api.admin("/credentials")).then().statusCode(200).extract().path("");
                assertEquals(List.of(), activeCreds, "round " + round + ": a credential survived its root's leaver");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
