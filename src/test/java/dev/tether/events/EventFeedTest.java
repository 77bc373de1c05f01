package dev.tether.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventFeedTest {

    static String userBody(String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}"""
                .formatted(userName);
    }

    static String patchActive(boolean active) {
        return """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"%s"}]}""".formatted(active ? "True" : "False");
    }

    /** Every event of the directory from the feed, paging with the cursor. */
    static List<Map<String, Object>> feed(String dir, String types) {
        dev.tether.testing.DirectoryRows.awaitFeedCaughtUp(dir);
        List<Map<String, Object>> all = new ArrayList<>();
        String after = null;
        while (true) {
            var request = given().auth().oauth2(AdminTokens.operator()).queryParam("limit", 7);
            if (after != null) {
                request.queryParam("after", after);
            }
            if (types != null) {
                request.queryParam("types", types);
            }
            JsonPath page = request.get("/admin/v1/directories/{dir}/events", dir)
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> events = page.getList("events");
            all.addAll(events);
            if (events.isEmpty()) {
                return all;
            }
            after = page.getString("next");
        }
    }

    @Test
    void scimWritesPublishEachFactOnceInPerSubjectSequence() {
        ScimDirectory dir = ScimDirectory.create("events-facts");
        String alice = dir.scim().body(userBody("alice")).post(dir.path("/Users")).then().statusCode(201)
                .extract().path("id");
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Alice A"}]}""")
                .patch(dir.path("/Users/" + alice)).then().statusCode(200);
        String group = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Eng","members":[{"value":"%s"}]}"""
                .formatted(alice)).post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        dir.scim().body(patchActive(false)).patch(dir.path("/Users/" + alice)).then().statusCode(200);
        dir.scim().body(patchActive(true)).patch(dir.path("/Users/" + alice)).then().statusCode(200);
        dir.scim().delete(dir.path("/Users/" + alice)).then().statusCode(204);
        dir.scim().delete(dir.path("/Groups/" + group)).then().statusCode(204);

        List<Map<String, Object>> events = feed(dir.id(), null);
        List<String> types = events.stream().map(e -> (String) e.get("type")).toList();
        assertEquals(List.of("user.created", "user.updated", "group.created", "group.member_added",
                "user.deactivated", "user.reactivated", "user.deleted", "group.member_removed", "group.deleted"), types);

        Set<Object> ids = new HashSet<>();
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (Map<String, Object> e : events) {
            assertTrue(ids.add(e.get("id")), "each event once");
            @SuppressWarnings("unchecked")
            Map<String, Object> subject = (Map<String, Object>) e.get("subject");
            sequences.computeIfAbsent((String) subject.get("id"), k -> new ArrayList<>()).add((Integer) e.get("sequence"));
            assertEquals(dir.id(), e.get("directoryId"));
        }
        assertEquals(List.of(1, 2, 3, 4, 5), sequences.get(alice));
        assertEquals(List.of(1, 2, 3, 4), sequences.get(group));
        // the user's deletion and its removal from the group are one write: one txn
        assertEquals(events.get(6).get("txn"), events.get(7).get("txn"));
        @SuppressWarnings("unchecked")
        Map<String, Object> deactivated = (Map<String, Object>) ((Map<String, Object>) events.get(4).get("data")).get("user");
        assertEquals(false, deactivated.get("active"));
        assertEquals(alice, deactivated.get("id"));

        List<Map<String, Object>> onlyLeavers = feed(dir.id(), "user.deactivated,user.deleted");
        assertEquals(List.of("user.deactivated", "user.deleted"), onlyLeavers.stream().map(e -> e.get("type")).toList());
    }

    @Test
    void cursorNeverSkipsOrRepeatsUnderConcurrentWriters() throws Exception {
        ScimDirectory dir = ScimDirectory.create("events-concurrent");
        int writers = 6;
        int perWriter = 12;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perWriter; i++) {
                    dir.scim().body(userBody("w" + writer + "-" + i)).post(dir.path("/Users")).then().statusCode(201);
                }
            }));
        }
        // Read while they write: a reader that skipped an event committed late would miss it for good.
        Set<Object> seen = new HashSet<>();
        List<Object> order = new ArrayList<>();
        String after = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (seen.size() < writers * perWriter && System.currentTimeMillis() < deadline) {
            var request = given().auth().oauth2(AdminTokens.operator()).queryParam("limit", 5);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/admin/v1/directories/{dir}/events", dir.id()).then().statusCode(200)
                    .extract().jsonPath();
            for (Map<String, Object> e : page.<Map<String, Object>>getList("events")) {
                assertTrue(seen.add(e.get("id")), "an event was returned twice");
                order.add(e.get("id"));
            }
            after = page.getString("next");
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(writers * perWriter, seen.size());
        // and a fresh reader from the start sees the same events in the same order
        assertEquals(order, feed(dir.id(), null).stream().map(e -> e.get("id")).toList());
    }

    @Test
    void feedRefusesBadInput() {
        ScimDirectory dir = ScimDirectory.create("events-bad-input");
        given().auth().oauth2(AdminTokens.operator()).queryParam("after", "nonsense")
                .get("/admin/v1/directories/{dir}/events", dir.id()).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator()).queryParam("types", "user.exploded")
                .get("/admin/v1/directories/{dir}/events", dir.id()).then().statusCode(400);
        given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{dir}/events", java.util.UUID.randomUUID()).then().statusCode(404);
        given().get("/admin/v1/directories/{dir}/events", dir.id()).then().statusCode(401);
    }
}
