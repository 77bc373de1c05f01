package dev.tether.scim.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 32 clients writing the same resource at once: every change is kept and nobody gets a 5xx. */
@QuarkusTest
class ConcurrentWritesTest {

    static final int CLIENTS = 32;

    static String patch(String ops) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + ops + "]}";
    }

    @Test
    void concurrentMemberAddsToOneGroupAreAllKept() throws Exception {
        ScimDirectory dir = ScimDirectory.create("concurrent-group");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            users.add(dir.scim().body("""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"c%d"}""".formatted(i))
                    .post(dir.path("/Users")).then().statusCode(201).extract().path("id"));
        }
        String gid = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Crowd"}""")
                .post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
        List<Integer> statuses = runConcurrently(users.stream().map(u -> (Callable<Integer>) () -> dir.scim()
                .body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}"))
                .patch(dir.path("/Groups/" + gid)).statusCode()).toList());
        assertEquals(List.of(200), statuses.stream().distinct().toList(), "every PATCH answered 200");
        List<String> members = dir.scim().get(dir.path("/Groups/" + gid)).path("members.value");
        assertEquals(new HashSet<>(users), new HashSet<>(members));
        dir.scim().get(dir.path("/Groups/" + gid)).then().body("meta.version", equalTo("W/\"" + (CLIENTS + 1) + "\""));
    }

    @Test
    void concurrentPatchesToOneUserAreAllKept() throws Exception {
        ScimDirectory dir = ScimDirectory.create("concurrent-user");
        String id = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"busy"}""")
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String value = "busy" + i + "@example.com";
            calls.add(() -> dir.scim()
                    .body(patch("{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"" + value + "\",\"type\":\"other\"}]}"))
                    .patch(dir.path("/Users/" + id)).statusCode());
        }
        List<Integer> statuses = runConcurrently(calls);
        assertEquals(List.of(200), statuses.stream().distinct().toList());
        List<String> emails = dir.scim().get(dir.path("/Users/" + id)).path("emails.value");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < CLIENTS; i++) {
            expected.add("busy" + i + "@example.com");
        }
        assertEquals(expected, new HashSet<>(emails));
    }

    @Test
    void racingWritesWithTheSameIfMatchLetExactlyOneWin() throws Exception {
        ScimDirectory dir = ScimDirectory.create("etag-race");
        String id = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"raced"}""")
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        String etag = dir.scim().get(dir.path("/Users/" + id)).header("ETag");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String title = "title-" + i;
            calls.add(() -> dir.scim().header("If-Match", etag)
                    .body(patch("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"" + title + "\"}"))
                    .patch(dir.path("/Users/" + id)).statusCode());
        }
        List<Integer> statuses = runConcurrently(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one winner: " + statuses);
        assertEquals(CLIENTS - 1, statuses.stream().filter(s -> s == 412).count(), "the rest see 412: " + statuses);
        dir.scim().get(dir.path("/Users/" + id)).then().body("meta.version", equalTo("W/\"2\""));
    }

    private static List<Integer> runConcurrently(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<Integer>> futures = pool.invokeAll(calls);
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
