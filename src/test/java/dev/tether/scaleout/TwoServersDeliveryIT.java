package dev.tether.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.events.StandardWebhooksVerifier;
import dev.tether.events.WebhookReceiver;
import dev.tether.events.WebhookReceiver.Received;
import dev.tether.events.WebhookReceiver.Reply;
import dev.tether.scaleout.PackagedServers.Server;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Deliveries and audit sealing with several packaged servers on one PostgreSQL. Servers a and b
 * run with a short claim lease (4 s) and quick retries; server c holds its claims for 60 s and
 * retries slowly, so anything it holds that reaches a receiver early can only have been handed
 * back, not waited out. The tests run in order, as each one stops a server: c is stopped with
 * SIGTERM, then a is killed with SIGKILL, and b survives to the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoServersDeliveryIT {

    static final String SCIM_JSON = "application/scim+json";
    static final String JSON_TYPE = "application/json";
    static final ObjectMapper JSON = PackagedServers.JSON;
    static final Duration LEASE = Duration.ofSeconds(4);
    /** How long the receiver of the SIGKILL test holds each request before answering 200. */
    static final Duration HOLD = Duration.ofMillis(300);
    /** 0 s, 0.5 s, then every second for half a minute: a receiver down for seconds loses nothing. */
    static final String QUICK_RETRIES = "PT0S,PT0.5S," + String.join(",", Collections.nCopies(28, "PT1S"));
    /** A failed attempt of c's would wait two minutes: longer than any of these tests waits. */
    static final String SLOW_RETRIES = "PT0S," + String.join(",", Collections.nCopies(9, "PT2M"));

    static PackagedServers servers;
    static Server a;
    static Server b;
    static Server c;
    static String adminToken;
    static final List<WebhookReceiver> receivers = new ArrayList<>();

    record Directory(String id, String token) {
    }

    record Subscription(String id, String secret) {
    }

    @BeforeAll
    static void startThreeServers() throws Exception {
        servers = PackagedServers.open(Path.of("target/two-servers-delivery"));
        Map<String, String> common = Map.of(
                "QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "12",
                "TETHER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
                "TETHER_AUDIT_SEAL_BATCH_SIZE", "40",
                "TETHER_AUDIT_CHECKPOINT_EVERY", "1s");
        Map<String, String> quick = with(common, "TETHER_WEBHOOKS_RETRY_SCHEDULE", QUICK_RETRIES,
                "TETHER_WEBHOOKS_TIMEOUT", "2s", "TETHER_WEBHOOKS_CLAIM_LEASE", LEASE.toSeconds() + "s");
        a = servers.start("a", quick);
        b = servers.start("b", quick);
        c = servers.start("c", with(common, "TETHER_WEBHOOKS_RETRY_SCHEDULE", SLOW_RETRIES,
                "TETHER_WEBHOOKS_TIMEOUT", "20s", "TETHER_WEBHOOKS_CLAIM_LEASE", "60s",
                "TETHER_WEBHOOKS_SHUTDOWN_GRACE", "1s"));
        a.awaitReady();
        b.awaitReady();
        c.awaitReady();
        adminToken = servers.adminToken();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            for (Server server : new Server[] {a, b, c}) {
                if (server != null && server.process().isAlive()) {
                    boolean exited = server.stopGracefully(Duration.ofSeconds(30));
                    server.process().destroyForcibly();
                    assertTrue(exited, server.name() + " did not stop within 30 s of SIGTERM");
                }
            }
        } finally {
            receivers.forEach(WebhookReceiver::close);
            if (servers != null) {
                servers.close();
            }
        }
    }

    /** Issue 7: sealing stays correct with writes arriving through every server and every server's sealer running. */
    @Test
    @Order(1)
    void writesThroughThreeServersSealIntoOneUnbrokenSignedChain() throws Exception {
        Directory dir = directory("audit", a);
        String groupId = scim(dir, c, "POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"sealed\"}", 201).path("id").asText();
        List<Server> all = List.of(a, b, c);
        int threads = 9;
        int usersPerThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < usersPerThread; i++) {
                        String userId = scim(dir, all.get((thread + i) % 3), "POST", "/Users",
                                userJson("sealed-" + thread + "-" + i + "@example.com"), 201).path("id").asText();
                        scim(dir, all.get((thread + i + 1) % 3), "PATCH", "/Groups/" + groupId, addMember(userId), 200);
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        await(Duration.ofSeconds(40), "every record sealed and signed", () -> {
            List<JsonNode> lines = auditLines(dir);
            if (lines.stream().anyMatch(l -> l.path("position").isNull())) {
                return false;
            }
            JsonNode verdict = b.json("GET", "/admin/v1/directories/" + dir.id() + "/audit/verify", adminToken, JSON_TYPE, null);
            return !verdict.path("ok").asBoolean() || verdict.path("signedThrough").asLong() == lines.size();
        });
        List<JsonNode> lines = auditLines(dir);
        int written = threads * usersPerThread;
        Map<String, Long> byAction = lines.stream().collect(Collectors.groupingBy(
                l -> l.path("record").path("action").asText(), TreeMap::new, Collectors.counting()));
        assertEquals(written, byAction.get("user.create"), "one record per user created: " + byAction);
        assertEquals(written, byAction.get("group.members.change"), "one record per member added: " + byAction);

        List<Long> positions = lines.stream().map(l -> l.path("position").asLong()).sorted().toList();
        List<Long> expected = new ArrayList<>();
        for (long p = 1; p <= lines.size(); p++) {
            expected.add(p);
        }
        assertEquals(expected, positions, "positions 1..n, each once: no gap and no fork");
        for (Server server : all) {
            JsonNode verdict = server.json("GET", "/admin/v1/directories/" + dir.id() + "/audit/verify", adminToken, JSON_TYPE, null);
            assertTrue(verdict.path("ok").asBoolean(), server.name() + " verifies the chain: " + verdict);
            assertEquals(lines.size(), verdict.path("checkedThrough").asLong(), server.name() + ": " + verdict);
            assertEquals(lines.size(), verdict.path("signedThrough").asLong(), server.name() + ": " + verdict);
        }

        // The export is one sequence: each record names the previous one's hash, checkpoints only move forward.
        HttpResponse<String> export = a.call("GET", "/admin/v1/directories/" + dir.id() + "/audit/export", adminToken,
                "application/jsonl", null);
        assertEquals(200, export.statusCode());
        String previousHash = null;
        long position = 0;
        long checkpointedThrough = 0;
        for (String text : export.body().lines().toList()) {
            JsonNode line = JSON.readTree(text);
            switch (line.path("type").asText()) {
                case "record" -> {
                    assertEquals(++position, line.path("position").asLong(), "records in position order");
                    if (previousHash != null) {
                        assertEquals(previousHash, line.path("prevHash").asText(), "record " + position + " links to its predecessor");
                    }
                    previousHash = line.path("hash").asText();
                }
                case "checkpoint" -> {
                    assertTrue(line.path("chainLength").asLong() > checkpointedThrough, "checkpoints move forward");
                    checkpointedThrough = line.path("chainLength").asLong();
                }
                default -> {
                }
            }
        }
        assertEquals(lines.size(), position);
        assertEquals(lines.size(), checkpointedThrough, "the last checkpoint covers the whole chain");

        // Each checkpoint was published once, as an event, in chain order.
        List<Long> published = new ArrayList<>();
        await(Duration.ofSeconds(10), "the last checkpoint in the event feed", () -> {
            published.clear();
            for (JsonNode event : feed(dir)) {
                if (event.path("type").asText().equals("audit.checkpoint")) {
                    published.add(event.path("data").path("chainLength").asLong());
                }
            }
            return !published.isEmpty() && published.get(published.size() - 1) == lines.size();
        });
        assertEquals(published.stream().sorted().distinct().toList(), published, "checkpoint events move forward");
    }

    /**
     * Issue 7: "claimed deliveries are released" on graceful shutdown. The receiver holds every
     * request, so c is stopped holding claims it cannot finish; they must go back to the queue at
     * once (c's lease would keep them for a minute, and c's retry schedule would push an attempt
     * counted as failed back by two minutes) and reach the receiver through another server.
     */
    @Test
    @Order(2)
    void aServerStoppedWithSigtermHandsItsClaimedDeliveriesBack() throws Exception {
        Directory dir = directory("graceful", a);
        CountDownLatch answer = new CountDownLatch(1);
        WebhookReceiver receiver = receiver(WebhookReceiver.down(256).respond(r -> {
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.of(200);
        }).start());
        Subscription subscription = subscribe(dir, receiver, b);
        for (int i = 0; i < 24; i++) {
            scim(dir, i % 2 == 0 ? a : b, "POST", "/Users", userJson("graceful" + i + "@example.com"), 201);
        }

        // c's claims are the ones leased for a minute (a's and b's run for 4 s)
        Map<UUID, UUID> claimsOfC = new HashMap<>();
        Map<UUID, Instant> leaseOfCEnds = new HashMap<>();
        await(Duration.ofSeconds(30), "c to hold deliveries in flight", () -> {
            claimsOfC.clear();
            leaseOfCEnds.clear();
            try (Connection db = servers.database().getConnection(); PreparedStatement ps = db.prepareStatement(
                    "SELECT id, claim_id, claimed_until FROM deliveries WHERE subscription_id = ?"
                            + " AND claimed_until > now() + interval '30 seconds'")) {
                ps.setObject(1, UUID.fromString(subscription.id()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimsOfC.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                        leaseOfCEnds.put(rs.getObject(1, UUID.class), rs.getObject(3, OffsetDateTime.class).toInstant());
                    }
                }
            }
            return !claimsOfC.isEmpty();
        });

        assertTrue(c.stopGracefully(Duration.ofSeconds(30)), "c stops within 30 s of SIGTERM");
        assertTrue(Files.readString(c.log()).contains("stopped in"), "c logs its orderly shutdown");
        try (Connection db = servers.database().getConnection(); PreparedStatement ps = db.prepareStatement(
                "SELECT count(*) FROM deliveries WHERE claim_id = ANY (?)")) {
            ps.setArray(1, db.createArrayOf("uuid", claimsOfC.values().stream().distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1), "c released its " + claimsOfC.size() + " claims when it stopped");
            }
        }

        answer.countDown();
        assertEveryEventArrived(dir, subscription, receiver, Duration.ofSeconds(40));
        for (JsonNode delivery : deliveries(subscription, "succeeded")) {
            UUID id = UUID.fromString(delivery.path("id").asText());
            if (leaseOfCEnds.containsKey(id)) {
                Instant delivered = Instant.parse(delivery.path("deliveredAt").asText());
                assertTrue(delivered.isBefore(leaseOfCEnds.get(id)),
                        "delivery " + id + " held by c was delivered at " + delivered + ", before c's lease ended at "
                                + leaseOfCEnds.get(id));
            }
        }
    }

    /** Issue 5: a receiver that is down, then answers 500, then recovers gets every event, with two servers sending. */
    @Test
    @Order(3)
    void aReceiverThatIsDownThenFailsThenRecoversGetsEveryEvent() throws Exception {
        Directory dir = directory("outage", a);
        WebhookReceiver receiver = receiver(WebhookReceiver.down());
        Subscription subscription = subscribe(dir, receiver, a);
        String groupId = scim(dir, b, "POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"outage\"}", 201).path("id").asText();
        for (int i = 0; i < 20; i++) {
            Server server = i % 2 == 0 ? a : b;
            String userId = scim(dir, server, "POST", "/Users", userJson("outage" + i + "@example.com"), 201).path("id").asText();
            scim(dir, server == a ? b : a, "PATCH", "/Groups/" + groupId, addMember(userId), 200);
        }
        long writes = feed(dir).stream().filter(e -> !e.path("type").asText().equals("audit.checkpoint")).count();
        assertEquals(41, writes, "a group, 20 users and 20 member additions");

        await(Duration.ofSeconds(30), "every delivery refused by the receiver that is down", () -> {
            List<JsonNode> pending = deliveries(subscription, "pending");
            return pending.size() == feed(dir).size() && pending.stream().allMatch(d -> d.path("attempts").asInt() >= 1);
        });
        receiver.respond(r -> Reply.of(500)).start();
        await(Duration.ofSeconds(30), "every delivery answered 500", () -> {
            List<JsonNode> pending = deliveries(subscription, "pending");
            return pending.size() == feed(dir).size() && pending.stream().allMatch(d -> d.path("lastStatusCode").asInt() == 500);
        });
        receiver.respond(r -> Reply.of(204));

        assertEveryEventArrived(dir, subscription, receiver, Duration.ofSeconds(40));
        for (JsonNode delivery : deliveries(subscription, "succeeded")) {
            if (!delivery.path("eventType").asText().equals("audit.checkpoint")) { // checkpoints come and go meanwhile
                assertTrue(delivery.path("attempts").asInt() >= 3, "refused, answered 500, then delivered: " + delivery);
            }
        }
    }

    /**
     * Issue 5: SIGKILL one of two servers while it has deliveries in flight; nothing is lost, and
     * what it had in flight is sent again by the other once the lease ran out, with the same id
     * and the same body.
     */
    @Test
    @Order(4)
    void killingAServerMidDeliveryLosesNothing() throws Exception {
        Directory dir = directory("kill", b);
        Map<Object, Long> heldSince = new ConcurrentHashMap<>();
        WebhookReceiver receiver = receiver(WebhookReceiver.down(32).respond(r -> {
            Object request = new Object();
            heldSince.put(request, System.nanoTime());
            try {
                Thread.sleep(HOLD.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                heldSince.remove(request);
            }
            return Reply.of(200);
        }).start());
        Subscription subscription = subscribe(dir, receiver, b);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Server server = i % 2 == 0 ? a : b;
                String userName = "kill" + i + "@example.com";
                creates.add(pool.submit(() -> scim(dir, server, "POST", "/Users", userJson(userName), 201)));
            }
            for (Future<?> create : creates) {
                create.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Each server has at most 4 deliveries of a subscription in flight: when the receiver
        // holds more than 4 that it will keep for at least another 100 ms, some of them are a's.
        await(Duration.ofSeconds(30), "both servers delivering at once", () -> {
            long recent = System.nanoTime() - HOLD.minusMillis(100).toNanos();
            return heldSince.values().stream().filter(t -> t - recent > 0).count() > 4;
        });
        Instant killedAt = Instant.now();
        a.process().destroyForcibly();
        assertTrue(a.process().waitFor(10, TimeUnit.SECONDS), "a is gone");
        assertEquals(137, a.process().exitValue(), "a died of SIGKILL");

        for (int i = 0; i < 20; i++) {
            scim(dir, b, "POST", "/Users", userJson("after-kill" + i + "@example.com"), 201);
        }

        Map<String, List<Received>> byId = assertEveryEventArrived(dir, subscription, receiver, Duration.ofSeconds(60));
        Map<String, List<Received>> resent = new LinkedHashMap<>();
        byId.forEach((id, copies) -> {
            if (copies.size() > 1) {
                resent.put(id, copies);
            }
        });
        assertFalse(resent.isEmpty(), "a died with deliveries at the receiver; b must have sent them again");
        System.out.printf("SIGKILL test: %d events, %d of them sent again after a was killed%n", byId.size(), resent.size());
        resent.forEach((id, copies) -> {
            Received first = copies.get(0);
            assertTrue(first.at().isBefore(killedAt), id + " was first sent by a, before it was killed");
            for (Received again : copies.subList(1, copies.size())) {
                assertTrue(again.at().isAfter(killedAt), id + " was sent again only after a was killed");
                assertTrue(Duration.between(first.at(), again.at()).compareTo(LEASE.minusSeconds(2)) >= 0,
                        id + " was retaken only once a's lease ran out: " + first.at() + " then " + again.at());
            }
        });
    }

    // --- what a receiver observes ----------------------------------------------------------

    /**
     * Waits until every event of the pull feed was delivered (the receiver got it and the
     * subscription's deliveries all succeeded), then checks what the receiver got: only feed
     * events, every request correctly signed, and copies of one event carry its one id and the
     * same body, while different ids never carry the same body (no retry mints a new id).
     * Returns the requests by webhook-id, in arrival order.
     */
    static Map<String, List<Received>> assertEveryEventArrived(Directory dir, Subscription subscription,
            WebhookReceiver receiver, Duration timeout) throws Exception {
        await(timeout, "every event delivered", () -> {
            Set<String> feedIds = feed(dir).stream().map(e -> e.path("id").asText()).collect(Collectors.toSet());
            Set<String> receivedIds = receiver.received().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
            return receivedIds.containsAll(feedIds) && deliveries(subscription, "pending").isEmpty()
                    && deliveries(subscription, "succeeded").size() == feedIds.size();
        });
        List<JsonNode> events = feed(dir);
        Set<String> feedIds = events.stream().map(e -> e.path("id").asText()).collect(Collectors.toSet());
        assertEquals(events.size(), feedIds.size(), "the feed lists each event once");
        assertEquals(List.of(), deliveries(subscription, "dead"), "no delivery gave up");

        Map<String, List<Received>> byId = new LinkedHashMap<>();
        for (Received r : receiver.received()) {
            assertTrue(StandardWebhooksVerifier.verifies(r, subscription.secret()),
                    "the signature verifies with the subscription's secret: " + r.headers());
            byId.computeIfAbsent(r.header("webhook-id"), k -> new ArrayList<>()).add(r);
        }
        assertEquals(feedIds, byId.keySet(), "the receiver holds exactly the feed's events");
        Map<String, String> idByBody = new HashMap<>();
        Set<String> types = new HashSet<>();
        for (Map.Entry<String, List<Received>> entry : byId.entrySet()) {
            String body = entry.getValue().get(0).body();
            for (Received copy : entry.getValue()) {
                assertEquals(body, copy.body(), "every copy of " + entry.getKey() + " carries the same body");
            }
            String other = idByBody.put(body, entry.getKey());
            assertTrue(other == null, "one event sent under two ids, " + other + " and " + entry.getKey());
            types.add(JSON.readTree(body).path("type").asText());
        }
        assertFalse(types.isEmpty());
        return byId;
    }

    // --- admin and SCIM calls ----------------------------------------------------------------

    static Directory directory(String name, Server via) throws Exception {
        String id = via.json("POST", "/admin/v1/directories", adminToken, JSON_TYPE, "{\"name\":\"" + name + "\"}")
                .path("id").asText();
        String token = via.json("POST", "/admin/v1/directories/" + id + "/tokens", adminToken, JSON_TYPE,
                "{\"description\":\"it\"}").path("token").asText();
        return new Directory(id, token);
    }

    static Subscription subscribe(Directory dir, WebhookReceiver receiver, Server via) throws Exception {
        JsonNode created = via.json("POST", "/admin/v1/subscriptions", adminToken, JSON_TYPE,
                JSON.createObjectNode().put("url", receiver.url()).put("format", "standard-webhooks")
                        .set("directoryIds", JSON.createArrayNode().add(dir.id())).toString());
        return new Subscription(created.path("id").asText(), created.path("secret").asText());
    }

    static WebhookReceiver receiver(WebhookReceiver receiver) {
        receivers.add(receiver);
        return receiver;
    }

    /** Every event of the directory's pull feed, oldest first (read through b, which lives to the end). */
    static List<JsonNode> feed(Directory dir) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        String after = null;
        while (true) {
            String query = "?limit=1000" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode page = b.json("GET", "/admin/v1/directories/" + dir.id() + "/events" + query, adminToken, JSON_TYPE, null);
            if (page.path("events").isEmpty()) {
                return events;
            }
            page.path("events").forEach(events::add);
            after = page.path("next").asText();
        }
    }

    static List<JsonNode> deliveries(Subscription subscription, String status) throws Exception {
        JsonNode list = b.json("GET", "/admin/v1/subscriptions/" + subscription.id() + "/deliveries?limit=1000&status=" + status,
                adminToken, JSON_TYPE, null);
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }

    /** Every audit record line of the directory, sealed or not. */
    static List<JsonNode> auditLines(Directory dir) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = b.json("GET", "/admin/v1/directories/" + dir.id() + "/audit?count=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor), adminToken, JSON_TYPE, null);
            page.path("records").forEach(lines::add);
            cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null
                    : page.path("nextCursor").asText();
        } while (cursor != null);
        return lines;
    }

    static JsonNode scim(Directory dir, Server server, String method, String path, String body, int expectedStatus)
            throws Exception {
        HttpResponse<String> response = server.call(method, "/scim/v2/" + dir.id() + path, dir.token(), SCIM_JSON, body);
        assertEquals(expectedStatus, response.statusCode(), method + " " + path + " via " + server.name() + ": " + response.body());
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static String userJson(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}";
    }

    static String addMember(String userId) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}]}";
    }

    static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> out = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put(keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    /** Polls until the condition holds (exceptions count as "not yet"); fails after the timeout. */
    static void await(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception ex ? ex : new RuntimeException(e);
            }
            Thread.sleep(100);
        }
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
            failure.initCause(last);
        }
        throw failure;
    }
}
