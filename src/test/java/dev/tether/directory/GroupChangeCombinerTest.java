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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        List<UUID> users = createUsers(dir, "fire", 4);
        UUID groupId = UUID.fromString(dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Fired"}""")
                .post(dir.path("/Groups")).then().statusCode(201).extract().path("id"));
        IllegalStateException late = new IllegalStateException("fails after its events were fired");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<StoredResource>> answers = new ArrayList<>();
        try (Connection hold = holdGroupRow(groupId)) {
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

    /**
     * Within a combined set, a group counted above the limit is not counted again by the changes
     * after it; a change that removes members, or one rolled back after counting, must leave the
     * next change counting afresh.
     */
    @Test
    void aSizeLearntInASetIsForgottenAfterARemovalOrARollback() throws Exception {
        ScimDirectory dir = ScimDirectory.create("combiner-known-size");
        UUID directoryId = UUID.fromString(dir.id());
        List<UUID> users = createUsers(dir, "size", 7);
        UUID groupId = UUID.fromString(dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sized",
                 "members":[{"value":"%s"},{"value":"%s"},{"value":"%s"}]}""".formatted(users.get(0), users.get(1),
                users.get(2))).post(dir.path("/Groups")).then().statusCode(201).extract().path("id"));
        IllegalStateException late = new IllegalStateException("fails after it counted");
        MemberChange removeFour = new MemberChange.Remove(Set.of(users.get(0), users.get(1), users.get(2),
                users.get(3)));

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Boolean>> small = new ArrayList<>();
        try (Connection hold = holdGroupRow(groupId)) {
            // the first change runs alone, waiting for the row; the next four queue behind it and share a set
            small.add(pool.submit(() -> changeAndCount(directoryId, groupId, addOf(users.get(3)), false, late)));
            LockWaits.awaitAnotherSessionWaiting(hold, "the first change");
            for (Object[] next : new Object[][] {
                {addOf(users.get(4)), false}, // 5 members
                {removeFour, false}, // 1 member left
                {addOf(users.get(5), users.get(6)), true}, // 3 members, then rolled back: 1 again
                {addOf(users.get(4)), false}}) { // already a member: still 1
                Thread.sleep(300);
                small.add(pool.submit(() -> changeAndCount(directoryId, groupId, (MemberChange) next[0],
                        (Boolean) next[1], late)));
            }
            Thread.sleep(500);
            hold.commit();
        }
        try {
            assertEquals(false, small.get(0).get(), "4 members: more than 2");
            assertEquals(false, small.get(1).get(), "5 members: more than 2");
            assertEquals(true, small.get(2).get(), "after the removal, 1 member");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> small.get(3).get());
            assertSame(late, failed.getCause());
            assertEquals(true, small.get(4).get(), "the rolled-back adds do not count");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(users.get(4)), groups.membersOf(directoryId, List.of(groupId)).get(groupId).stream()
                .map(MemberRows.Member::id).toList());
        assertEquals(1, pairs("""
                SELECT DISTINCT txid::text, '' FROM events WHERE subject_type = 'Group' AND subject_id = ?
                   AND (type = 'group.member_removed' OR data->'member'->>'id' = ?)""",
                groupId, users.get(4)).size(), "the changes after the first shared one transaction");
    }

    /** A session holding the group's row, so the changes queue behind it; committing lets them go. */
    private static Connection holdGroupRow(UUID groupId) throws Exception {
        Connection hold = TestDatabase.postgres().getPostgresDatabase().getConnection();
        hold.setAutoCommit(false);
        try (PreparedStatement ps = hold.prepareStatement("SELECT 1 FROM groups WHERE id = ? FOR NO KEY UPDATE")) {
            ps.setObject(1, groupId);
            ps.executeQuery().close();
        }
        return hold;
    }

    private static List<UUID> createUsers(ScimDirectory dir, String prefix, int count) {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(UUID.fromString(dir.scim().body("""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s%d"}""".formatted(prefix, i))
                    .post(dir.path("/Users")).then().statusCode(201).extract().path("id")));
        }
        return users;
    }

    private static MemberChange addOf(UUID... users) {
        return new MemberChange.Add(Arrays.stream(users).map(u -> new MemberChange.Requested(u, "User"))
                .toList());
    }

    /** A change as a PATCH makes it: the member change, then "may its response list the members?" (limit 2). */
    private boolean changeAndCount(UUID directoryId, UUID groupId, MemberChange change, boolean failAfter,
            RuntimeException late) {
        Cause cause = new Cause(Cause.Actor.SYSTEM, "size", "PATCH", "/test", UUID.randomUUID());
        return combiner.apply(directoryId, groupId, () -> {
            groups.modify(directoryId, groupId, null, doc -> doc, List.of(change), cause);
            boolean atMostTwo = groups.memberCountAtMost(directoryId, groupId, 2);
            if (failAfter) {
                throw late;
            }
            return atMostTwo;
        });
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

    private static List<Map.Entry<String, String>> pairs(String sql, UUID... params) throws Exception {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, params[0]);
            for (int i = 1; i < params.length; i++) {
                ps.setString(i + 1, params[i].toString());
            }
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
