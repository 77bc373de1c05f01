package dev.tether.scim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.LockWaits;
import dev.tether.testing.ScimDirectory;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent changes to one group that queued behind each other: they may share a commit, and
 * each still answers, versions, publishes and records exactly as it would alone. The group's row
 * is held from a connection of the test while the requests arrive, so they really queue.
 */
@QuarkusTest
class GroupChangesInTurnTest {

    static final int CLIENTS = 32;
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

    @Test
    void queuedAddsAreEachVersionedPublishedAndRecordedAsIfAlone() throws Exception {
        ScimDirectory dir = ScimDirectory.create("group-in-turn");
        List<String> users = users(dir, "turn", CLIENTS);
        String gid = group(dir, "Turn");
        Map<String, String> userByRequest = new LinkedHashMap<>();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String requestId = "turn-add-" + i + "-" + UUID.randomUUID();
            String user = users.get(i);
            userByRequest.put(requestId, user);
            calls.add(() -> dir.scim().header("X-Request-Id", requestId).body(add(user))
                    .patch(dir.path("/Groups/" + gid)));
        }
        List<Response> responses = whileGroupRowHeld(gid, calls);

        // every add answered 200, with a version of its own: the group's versions 2..33, each once
        Map<Long, String> userByVersion = new HashMap<>();
        Map<Long, List<String>> shownByVersion = new HashMap<>();
        for (Response r : responses) {
            assertEquals(200, r.statusCode(), r.asString());
            long version = version(r.header("ETag"));
            assertEquals(r.header("ETag"), r.path("meta.version"));
            String added = userByRequest.get(r.header("X-Request-Id"));
            assertEquals(null, userByVersion.put(version, added), "version " + version + " answered twice");
            shownByVersion.put(version, r.path("members.value"));
        }
        assertEquals(CLIENTS, userByVersion.size());
        for (long v = 2; v <= CLIENTS + 1; v++) {
            assertTrue(userByVersion.containsKey(v), "no answer has version " + v + ": " + userByVersion.keySet());
        }
        // each answer shows the group as its own change left it: the adds of versions 2..k, no later one
        Set<String> expected = new HashSet<>();
        for (long v = 2; v <= CLIENTS + 1; v++) {
            expected.add(userByVersion.get(v));
            assertEquals(expected, new HashSet<>(shownByVersion.get(v)), "members shown at version " + v);
        }
        Response now = dir.scim().get(dir.path("/Groups/" + gid));
        assertEquals("W/\"" + (CLIENTS + 1) + "\"", now.header("ETag"));
        assertEquals(new HashSet<>(users), new HashSet<>(now.<List<String>>path("members.value")));

        // one event per member, numbered for the group in version order, under the request's own txn,
        // which its audit record (one per request, naming the request id) shares
        List<Map<String, Object>> events = rows("""
                SELECT data->'member'->>'id' AS member, sequence, txn::text AS txn, txid::text AS txid
                  FROM events WHERE subject_type = 'Group' AND subject_id = ?::uuid AND type = 'group.member_added'
                 ORDER BY sequence""", gid);
        assertEquals(CLIENTS, events.size());
        for (int k = 0; k < CLIENTS; k++) {
            assertEquals(userByVersion.get((long) k + 2), events.get(k).get("member"), "event " + k + " in version order");
        }
        List<Map<String, Object>> records = rows("""
                SELECT request_id, cause::text AS cause, details->'added'->0->>'id' AS member
                  FROM audit_records WHERE directory_id = ?::uuid AND action = 'group.members.change'""", dir.id());
        assertEquals(CLIENTS, records.size());
        Map<String, Object> txnOfMember = new HashMap<>();
        events.forEach(e -> txnOfMember.put((String) e.get("member"), e.get("txn")));
        Set<String> txns = new HashSet<>();
        for (Map<String, Object> record : records) {
            String member = userByRequest.get((String) record.get("request_id"));
            assertEquals(member, record.get("member"), "the record of " + record.get("request_id"));
            assertEquals(txnOfMember.get(member), record.get("cause"), "event and record of one request share its txn");
            txns.add((String) record.get("cause"));
        }
        assertEquals(CLIENTS, txns.size(), "every request has a txn of its own");

        // and the adds that queued were committed together: database transactions shared by several
        assertTrue(mostEventsInOneTransaction(events) > 1, "no two adds shared a commit: " + events);
    }

    @Test
    void aQueuedChangeThatFailsFailsAsAloneAndTheOthersAreKept() throws Exception {
        ScimDirectory dir = ScimDirectory.create("group-in-turn-failures");
        List<String> users = users(dir, "kept", 8);
        String gid = group(dir, "Mixed");
        // version 2, so If-Match W/"1" is stale whatever order the batch runs in
        dir.scim().body(add(users.get(0))).patch(dir.path("/Groups/" + gid)).then().statusCode(200);
        String missing = UUID.randomUUID().toString();
        String noGroup = UUID.randomUUID().toString();

        Map<String, Callable<Response>> failing = new LinkedHashMap<>();
        failing.put("stale If-Match", () -> dir.scim().header("X-Request-Id", "stale-" + gid).header("If-Match", "W/\"1\"")
                .body(add(users.get(7))).patch(dir.path("/Groups/" + gid)));
        failing.put("no such member", () -> dir.scim().header("X-Request-Id", "missing-" + gid)
                .body(add(missing)).patch(dir.path("/Groups/" + gid)));
        // a valid member first, then one that is not: the first one's row must go too
        failing.put("half valid", () -> dir.scim().header("X-Request-Id", "half-" + gid)
                .body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(7) + "\"}]},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + missing + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)));
        failing.put("no such group", () -> dir.scim().header("X-Request-Id", "gone-" + gid)
                .body(add(users.get(7))).patch(dir.path("/Groups/" + noGroup)));
        List<Callable<Response>> calls = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String user = users.get(i);
            String requestId = "good-" + i + "-" + gid;
            calls.add(() -> dir.scim().header("X-Request-Id", requestId).body(add(user)).patch(dir.path("/Groups/" + gid)));
            kinds.add("good");
            if (i % 2 == 0) {
                String kind = new ArrayList<>(failing.keySet()).get(i / 2 - 1);
                calls.add(failing.get(kind));
                kinds.add(kind);
            }
        }
        calls.add(failing.get("no such group"));
        kinds.add("no such group");
        List<Response> responses = whileGroupRowHeld(gid, calls);

        Set<Long> versions = new HashSet<>();
        for (int i = 0; i < responses.size(); i++) {
            Response r = responses.get(i);
            if (kinds.get(i).equals("good")) {
                assertEquals(200, r.statusCode(), r.asString());
                versions.add(version(r.header("ETag")));
            } else {
                // the same error, status and body, as the same request sent alone now
                Response alone = failing.get(kinds.get(i)).call();
                assertEquals(alone.statusCode(), r.statusCode(), kinds.get(i) + ": " + r.asString());
                assertEquals(alone.asString(), r.asString(), kinds.get(i));
                assertTrue(r.statusCode() >= 400, kinds.get(i) + " failed: " + r.asString());
            }
        }
        assertEquals(Set.of(3L, 4L, 5L, 6L, 7L, 8L), versions, "the kept adds are versions 3..8, the failed ones took none");

        // the failed ones changed nothing: members, version, events and records are those of the 7 adds
        Response now = dir.scim().get(dir.path("/Groups/" + gid));
        assertEquals("W/\"8\"", now.header("ETag"));
        assertEquals(new HashSet<>(users.subList(0, 7)), new HashSet<>(now.<List<String>>path("members.value")));
        List<Map<String, Object>> events = rows("""
                SELECT data->'member'->>'id' AS member, txid::text AS txid FROM events
                 WHERE subject_type = 'Group' AND subject_id = ?::uuid AND type LIKE 'group.member_%'
                 ORDER BY sequence""", gid);
        assertEquals(new HashSet<>(users.subList(0, 7)), new HashSet<>(events.stream().map(e -> e.get("member")).toList()));
        assertEquals(7, events.size(), "one event per kept add: " + events);
        assertEquals(0, rows("""
                SELECT 1 FROM audit_records WHERE directory_id = ?::uuid AND (request_id LIKE 'stale-%'
                    OR request_id LIKE 'missing-%' OR request_id LIKE 'half-%' OR request_id LIKE 'gone-%')""",
                dir.id()).size(),
                "no record of a failed request");
        assertEquals(6, rows("SELECT 1 FROM audit_records WHERE directory_id = ?::uuid AND request_id LIKE 'good-%'",
                dir.id()).size());
        assertTrue(mostEventsInOneTransaction(events) > 1, "no two adds shared a commit: " + events);
    }

    /**
     * Sends the calls at once while a connection of the test holds the group's row, lets them
     * queue, then lets go; returns the responses in the order of the calls.
     */
    static List<Response> whileGroupRowHeld(String groupId, List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM groups WHERE id = ?::uuid FOR NO KEY UPDATE")) {
                ps.setString(1, groupId);
                ps.executeQuery().close();
            }
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> call : calls) {
                futures.add(pool.submit(call));
            }
            LockWaits.awaitAnotherSessionWaiting(c, "a request");
            Thread.sleep(1_500); // the rest of the requests arrive and queue
            c.commit();
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static long mostEventsInOneTransaction(List<Map<String, Object>> events) {
        Map<Object, Long> perTransaction = new HashMap<>();
        events.forEach(e -> perTransaction.merge(e.get("txid"), 1L, Long::sum));
        return perTransaction.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    static List<Map<String, Object>> rows(String sql, String param) throws SQLException {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    static List<String> users(ScimDirectory dir, String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(dir.scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + prefix + i + "\"}")
                    .post(dir.path("/Users")).then().statusCode(201).extract().path("id"));
        }
        return ids;
    }

    static String group(ScimDirectory dir, String name) {
        return dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + name + "\"}").post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
    }

    static String add(String member) {
        return patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}");
    }

    static String patch(String ops) {
        return ConcurrentWritesTest.patch(ops);
    }

    static long version(String etag) {
        return Long.parseLong(etag.replace("W/", "").replace("\"", ""));
    }
}
