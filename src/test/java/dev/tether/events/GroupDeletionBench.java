package dev.tether.events;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Run by hand (bench/group-delete.sh), never in CI: its name matches none of Surefire's include
 * patterns. Deletes a group of 100 000 users (-Dbench.members to change it) through SCIM, which
 * publishes one group.member_removed per member in the same transaction; prints each run and
 * the median of 3.
 */
@QuarkusTest
class GroupDeletionBench {

    @Inject
    DataSource dataSource;

    @Test
    void deleteABigGroup() throws Exception {
        int n = Integer.getInteger("bench.members", 100_000);
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            ScimDirectory dir = ScimDirectory.create("bench-group-delete-" + run);
            UUID directoryId = UUID.fromString(dir.id());
            String group = dir.scim().body("""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Everyone"}""")
                    .post(dir.path("/Groups")).then().statusCode(201).extract().path("id");
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    WITH u AS (
                        INSERT INTO users (id, directory_id, user_name, active, doc, version, created_at, last_modified)
                        SELECT gen_random_uuid(), ?, 'u' || i, true, jsonb_build_object('userName', 'u' || i), 1, now(), now()
                        FROM generate_series(1, ?) i RETURNING id)
                    INSERT INTO group_members (directory_id, group_id, member_id, member_type)
                    SELECT ?, ?, u.id, 'User' FROM u
                    """)) {
                ps.setObject(1, directoryId);
                ps.setInt(2, n);
                ps.setObject(3, directoryId);
                ps.setObject(4, UUID.fromString(group));
                ps.executeUpdate();
            }
            long start = System.nanoTime();
            dir.scim().delete(dir.path("/Groups/" + group)).then().statusCode(204);
            long ms = (System.nanoTime() - start) / 1_000_000;
            long removed = countRemoved(directoryId);
            if (removed != n) {
                throw new AssertionError(removed + " group.member_removed events, not " + n);
            }
            millis.add(ms);
            System.out.printf("BENCH run %d: %d ms for a group of %d members%n", run + 1, ms, n);
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("BENCH delete a group of %d members: median %d ms of %s%n", n, sorted.get(1), millis);
    }

    private long countRemoved(UUID directoryId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM events WHERE directory_id = ? AND type = 'group.member_removed'")) {
            ps.setObject(1, directoryId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
