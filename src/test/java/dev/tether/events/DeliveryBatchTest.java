package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Deliveries claimed ahead of their senders and outcomes recorded several at a time: what a
 * receiver and the deliveries API observe is the same as one claim and one outcome at a time.
 */
@QuarkusTest
class DeliveryBatchTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DeliveryLedger ledger;

    @Inject
    DeliveryDispatcher dispatcher;

    @Inject
    DataSource dataSource;

    @Test
    void outcomesRecordedInOneBatchEachKeepTheirOwnResult() throws Exception {
        ScimDirectory dir = ScimDirectory.create("batch-outcomes");
        String subId = Subscriptions.create("http://127.0.0.1:9/hook", "standard-webhooks", dir.id(), null).getString("id");
        setStatus(subId, "paused"); // the dispatcher leaves its deliveries alone: this test plays the dispatcher
        for (int i = 0; i < 5; i++) {
            WebhookDeliveryTest.createUser(dir, "batch.outcome." + i);
        }
        UUID subscription = UUID.fromString(subId);
        UUID claimId = UUID.randomUUID();
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE deliveries SET claim_id = ?, claimed_until = now() + interval '1 minute'
                 WHERE subscription_id = ? RETURNING id""")) {
            ps.setObject(1, claimId);
            ps.setObject(2, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        assertEquals(5, ids.size());
        ids.sort(null);

        List<DeliveryLedger.Attempt> attempts = List.of(
                attempt(ids.get(0), claimId, subscription, new DeliveryLedger.Outcome(true, 204, null, null, null)),
                attempt(ids.get(1), claimId, subscription,
                        new DeliveryLedger.Outcome(false, 500, "HTTP 500", Duration.ofMinutes(5), null)),
                attempt(ids.get(2), claimId, subscription,
                        new DeliveryLedger.Outcome(false, null, "ConnectException", null, null)),
                // another claim holds this one now (the lease ran out and a replica retook it)
                attempt(ids.get(3), UUID.randomUUID(), subscription, new DeliveryLedger.Outcome(true, 200, null, null, null)),
                attempt(ids.get(4), claimId, subscription,
                        new DeliveryLedger.Outcome(false, 410, "gone", null, "receiver answered 410 Gone")));
        Set<UUID> recorded = ledger.record(attempts);

        assertEquals(Set.of(ids.get(0), ids.get(1), ids.get(2), ids.get(4)), recorded);
        Map<String, Map<String, Object>> byId = Subscriptions.deliveries(subId, null).stream()
                .collect(Collectors.toMap(d -> (String) d.get("id"), d -> d));
        Map<String, Object> succeeded = byId.get(ids.get(0).toString());
        assertEquals("succeeded", succeeded.get("status"));
        assertEquals(1, succeeded.get("attempts"));
        assertEquals(204, succeeded.get("lastStatusCode"));
        assertNotNull(succeeded.get("deliveredAt"));
        Map<String, Object> retrying = byId.get(ids.get(1).toString());
        assertEquals("pending", retrying.get("status"));
        assertEquals(1, retrying.get("attempts"));
        assertEquals(500, retrying.get("lastStatusCode"));
        assertEquals("HTTP 500", retrying.get("lastError"));
        assertNotNull(retrying.get("nextAttemptAt"));
        assertNull(retrying.get("deliveredAt"));
        Map<String, Object> dead = byId.get(ids.get(2).toString());
        assertEquals("dead", dead.get("status"));
        assertNull(dead.get("lastStatusCode"));
        assertEquals("ConnectException", dead.get("lastError"));
        Map<String, Object> retaken = byId.get(ids.get(3).toString());
        assertEquals("pending", retaken.get("status"), "the other claim's row is not overwritten");
        assertEquals(0, retaken.get("attempts"));
        assertEquals("dead", byId.get(ids.get(4).toString()).get("status"));
        assertEquals(410, byId.get(ids.get(4).toString()).get("lastStatusCode"));
        assertEquals("disabled", Subscriptions.get(subId).getString("status"));
        assertEquals("receiver answered 410 Gone", Subscriptions.get(subId).getString("disabledReason"));
        assertEquals(Set.of(ids.get(3)), claimedRows(subscription).keySet(), "recorded rows are no longer claimed");
        Subscriptions.delete(subId);
    }

    @Test
    void aBacklogWithFailuresMixedInArrivesWhole() {
        ScimDirectory dir = ScimDirectory.create("batch-mixed");
        Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // every third event fails its first attempt
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> {
            String id = r.header("webhook-id");
            return Math.floorMod(id.hashCode(), 3) == 0 && failedOnce.add(id) ? WebhookReceiver.Reply.of(503)
                    : WebhookReceiver.Reply.of(204);
        })) {
            String subId = Subscriptions.create(receiver.url(), "standard-webhooks", dir.id(), null).getString("id");
            setStatus(subId, "paused"); // a backlog builds up, then drains at once
            for (int i = 0; i < 40; i++) {
                WebhookDeliveryTest.createUser(dir, "batch.mixed." + i);
            }
            setStatus(subId, "active");
            dispatcher.wake();
            await(WAIT, "all succeeded", () -> Subscriptions.deliveries(subId, "succeeded").size() == 40);

            List<String> feedIds = EventFeedTest.feed(dir.id(), null).stream().map(e -> (String) e.get("id")).toList();
            assertEquals(Set.copyOf(feedIds), WebhookDeliveryTest.distinctIds(receiver.received()));
            assertEquals(40 + failedOnce.size(), receiver.received().size(), "each failure was sent once more, no more");
            Map<String, Integer> attemptsByEvent = new HashMap<>();
            for (Map<String, Object> d : Subscriptions.deliveries(subId, "succeeded")) {
                attemptsByEvent.put((String) d.get("eventId"), (Integer) d.get("attempts"));
            }
            for (String id : feedIds) {
                assertEquals(failedOnce.contains(id) ? 2 : 1, attemptsByEvent.get(id), "attempts of " + id);
            }
            Subscriptions.delete(subId);
        }
    }

    @Test
    void aStoppedDispatcherHandsBackTheClaimsItQueuedAndThoseInFlight() throws Exception {
        ScimDirectory dir = ScimDirectory.create("batch-shutdown");
        CountDownLatch answer = new CountDownLatch(1);
        WebhookReceiver receiver = WebhookReceiver.down(16).respond(r -> {
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return WebhookReceiver.Reply.of(200);
        }).start();
        boolean restarted = false;
        try {
            String subId = Subscriptions.create(receiver.url(), "standard-webhooks", dir.id(), null).getString("id");
            UUID subscription = UUID.fromString(subId);
            for (int i = 0; i < 12; i++) {
                WebhookDeliveryTest.createUser(dir, "batch.shutdown." + i);
            }
            // four in flight at the receiver (which holds them) and more claimed ahead, waiting
            await(WAIT, "claims beyond those in flight", () -> receiver.received().size() == 4
                    && claimedRows(subscription).size() > 4);
            Map<UUID, Long> leaseLeft = claimedRows(subscription);
            assertTrue(leaseLeft.values().stream().allMatch(ms -> ms <= Duration.ofSeconds(10).toMillis()),
                    "queued claims hold a lease like the others, so a process that dies loses them: " + leaseLeft);

            dispatcher.stop(null);
            assertEquals(Map.of(), claimedRows(subscription), "every claim, queued or in flight, was handed back");
            List<Map<String, Object>> pending = Subscriptions.deliveries(subId, "pending");
            assertEquals(12, pending.size());
            assertTrue(pending.stream().allMatch(d -> (Integer) d.get("attempts") == 0),
                    "a handed-back claim counts no attempt: " + pending);
            assertEquals(4, receiver.received().size(), "nothing queued was sent after the stop");

            dispatcher.start(null);
            restarted = true;
            answer.countDown();
            await(WAIT, "all delivered", () -> Subscriptions.deliveries(subId, "succeeded").size() == 12);
            List<String> feedIds = EventFeedTest.feed(dir.id(), null).stream().map(e -> (String) e.get("id")).toList();
            assertEquals(Set.copyOf(feedIds), WebhookDeliveryTest.distinctIds(receiver.received()),
                    "every event arrived, those sent before the stop again with the same id");
            Set<String> bodies = new HashSet<>();
            receiver.received().forEach(r -> bodies.add(r.header("webhook-id") + r.body()));
            assertEquals(12, bodies.size(), "a copy sent again carries the same body");
            Subscriptions.delete(subId);
        } finally {
            answer.countDown();
            if (!restarted) {
                dispatcher.start(null);
            }
            receiver.close();
        }
    }

    private static DeliveryLedger.Attempt attempt(UUID deliveryId, UUID claimId, UUID subscriptionId,
            DeliveryLedger.Outcome outcome) {
        return new DeliveryLedger.Attempt(new DeliveryClaim(deliveryId, claimId, 0, null, subscriptionId,
                "http://127.0.0.1:9/hook", Subscription.STANDARD_WEBHOOKS, null, List.of()), outcome);
    }

    /** The subscription's claimed deliveries and how many milliseconds of lease each has left. */
    private Map<UUID, Long> claimedRows(UUID subscriptionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, (EXTRACT(EPOCH FROM claimed_until - now()) * 1000)::bigint FROM deliveries
                 WHERE subscription_id = ? AND claim_id IS NOT NULL""")) {
            ps.setObject(1, subscriptionId);
            Map<UUID, Long> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void setStatus(String subId, String status) {
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(Map.of("status", status))
                .patch("/admin/v1/subscriptions/{id}", subId).then().statusCode(200);
    }
}
