package dev.tether.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tether.platform.Cause;
import dev.tether.testing.LockWaits;
import dev.tether.testing.ScimDirectory;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A change that fails after its events were fired and its audit record written, while it shares
 * a transaction with other changes to the same group: its rows, events and records go, the
 * others' stay, and its caller gets its own failure.
 */
@QuarkusTest
class GroupChangeCombinerTest {

    @Inject
    GroupChangeCombiner combiner;

    @Inject
    GroupDirectory groups;

    @Test
    void aChangeThatFailsAfterFiringLeavesNothingAndTheOthersStay() throws Exception {
        ScimDirectory dir = ScimDirectory.create("combiner-failure-after-fire");
        UUID directoryId = UUID.fromString(dir.id());
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(UUID.fromString(dir.scim().body("""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"fire%d"}""".formatted(i))
                    .post(dir.path("/Users")).then().statusCode(201).extract().path("id")));
        }
        UUID groupId = UUID.fromString(dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Fired"}""")
                .post(dir.path("/Groups")).then().statusCode(201).extract().path("id"));
        IllegalStateException late = new IllegalStateException("fails after its events were fired");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<StoredResource>> answers = new ArrayList<>();
        try (Connection hold = TestDatabase.postgres().getPostgresDatabase().getConnection()) {
            hold.setAutoCommit(false);
            try (PreparedStatement ps = hold.prepareStatement("SELECT 1 FROM groups WHERE id = ? FOR NO KEY UPDATE")) {
                ps.setObject(1, groupId);
                ps.executeQuery().close();
            }
            // the first change waits for the row in the database; the next three queue behind it
            answers.add(pool.submit(() -> add(directoryId, groupId, users.get(0), "first", false, late)));
            LockWaits.awaitAnotherSessionWaiting(hold, "the first change");
            answers.add(pool.submit(() -> add(directoryId, groupId, users.get(1), "second", false, late)));
            Thread.sleep(300);
            answers.add(pool.submit(() -> add(directoryId, groupId, users.get(2), "failing", true, late)));
            Thread.sleep(300);
            answers.add(pool.submit(() -> add(directoryId, groupId, users.get(3), "fourth", false, late)));
            Thread.sleep(500);
            hold.commit();
        }
        try {
            assertEquals(2, answers.get(0).get().version());
            assertEquals(3, answers.get(1).get().version());
            ExecutionException failed = assertThrows(ExecutionException.class, () -> answers.get(2).get());
            assertSame(late, failed.getCause(), "the caller gets its own failure");
            assertEquals(4, answers.get(3).get().version(), "the failed change took no version");
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(users.get(0), users.get(1), users.get(3)), groups.membersOf(directoryId, List.of(groupId))
                .get(groupId).stream().map(MemberRows.Member::id).sorted((a, b) -> users.indexOf(a) - users.indexOf(b))
                .toList());
        List<Map.Entry<String, String>> events = pairs("""
                SELECT data->'member'->>'id', txid::text FROM events
                 WHERE subject_type = 'Group' AND subject_id = ? AND type = 'group.member_added' ORDER BY sequence""",
                groupId);
        assertEquals(List.of(users.get(0).toString(), users.get(1).toString(), users.get(3).toString()),
                events.stream().map(Map.Entry::getKey).toList());
        assertEquals(events.get(1).getValue(), events.get(2).getValue(),
                "the second and fourth change shared the transaction the failing one was rolled back in");
        assertEquals(List.of("first", "fourth", "second"), pairs("""
                SELECT request_id, action FROM audit_records WHERE target_id = ?::text ORDER BY request_id""", groupId)
                .stream().filter(p -> p.getValue().equals("group.members.change")).map(Map.Entry::getKey).toList());
    }

    private StoredResource add(UUID directoryId, UUID groupId, UUID user, String requestId, boolean failAfter,
            RuntimeException late) {
        Cause cause = new Cause(Cause.Actor.SYSTEM, requestId, "PATCH", "/test", UUID.randomUUID());
        return combiner.apply(directoryId, groupId, () -> {
            StoredResource changed = groups.modify(directoryId, groupId, null, doc -> doc,
                    List.of(new MemberChange.Add(List.of(new MemberChange.Requested(user, "User")))), cause);
            if (failAfter) {
                throw late;
            }
            return changed;
        });
    }

    private static List<Map.Entry<String, String>> pairs(String sql, UUID param) throws Exception {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            List<Map.Entry<String, String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.entry(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        }
    }
}
