package dev.tether.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The outbox writes a whole batch of facts with one statement; a receiver must still see one
 * subject's events numbered 1, 2, 3 … with no gap or repeat, even when several facts about one
 * subject come in one write and several writes race on that subject.
 */
@QuarkusTest
class OutboxSequenceTest {

    @Test
    void severalFactsAboutOneSubjectInOneWriteAreNumberedInFeedOrder() {
        ScimDirectory dir = ScimDirectory.create("outbox-batch");
        String group = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"batch"}""")
                .post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        List<String> users = IntStream.range(0, 3).mapToObj(i -> createUser(dir, "batch" + i)).toList();
        dir.scim().body(addMembers(users)).patch(dir.path("/Groups/" + group)).then().statusCode(200);

        List<Map<String, Object>> groupEvents = subjectEvents(dir, group);
        assertEquals(List.of("group.created", "group.member_added", "group.member_added", "group.member_added"),
                groupEvents.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of(1, 2, 3, 4), groupEvents.stream().map(e -> e.get("sequence")).toList());
        assertEquals(users, groupEvents.stream().skip(1).map(e -> memberId(e)).toList(),
                "members in the order the PATCH named them");
    }

    @Test
    void racingWritesOnOneSubjectNeverShareOrSkipANumber() throws Exception {
        ScimDirectory dir = ScimDirectory.create("outbox-race");
        String group = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"race"}""")
                .post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        int writers = 12;
        List<List<String>> pairs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            pairs.add(List.of(createUser(dir, "race" + w + "a"), createUser(dir, "race" + w + "b")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> patches = new ArrayList<>();
            for (List<String> pair : pairs) {
                patches.add(pool.submit(() -> dir.scim().body(addMembers(pair)).patch(dir.path("/Groups/" + group))
                        .then().statusCode(200)));
            }
            for (Future<?> patch : patches) {
                patch.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // The feed follows transaction ids, which racing writers take before they queue on the
        // group's lock, so their events may interleave; the numbers themselves follow commit order.
        List<Integer> sequences = new ArrayList<>(
                subjectEvents(dir, group).stream().map(e -> (Integer) e.get("sequence")).toList());
        sequences.sort(null);
        assertEquals(IntStream.rangeClosed(1, 1 + 2 * writers).boxed().toList(), sequences);
    }

    private static String createUser(ScimDirectory dir, String name) {
        return dir.scim().body(EventFeedTest.userBody(name + "@example.com")).post(dir.path("/Users")).then()
                .statusCode(201).extract().path("id");
    }

    private static String addMembers(List<String> ids) {
        StringBuilder values = new StringBuilder();
        for (String id : ids) {
            values.append(values.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[%s]}]}""".formatted(values);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> subjectEvents(ScimDirectory dir, String subjectId) {
        return EventFeedTest.feed(dir.id(), null).stream()
                .filter(e -> subjectId.equals(((Map<String, Object>) e.get("subject")).get("id"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static String memberId(Map<String, Object> event) {
        return (String) ((Map<String, Object>) ((Map<String, Object>) event.get("data")).get("member")).get("id");
    }
}
