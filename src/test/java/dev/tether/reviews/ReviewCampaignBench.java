package dev.tether.reviews;

import dev.tether.lineage.LineageApi;
import dev.tether.platform.Cause;
import dev.tether.platform.Jdbc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Run by hand (bench/review-campaign.sh), never in CI: its name matches none of Surefire's
 * include patterns. A directory of 100 000 active delegations (1 000 humans × 100 agents, one
 * credential each, written as rows); timed: opening a campaign over all of them (the items, the
 * reviewers, the review.requested events and audit records, one transaction), and, at its due
 * date, the campaign job applying the no-answer rule "revoke" to every one (the cascade over
 * 100 000 delegations and credentials). Prints each run and the medians of 3 ({@code -Dbench.runs=N} for another number), and the
 * plan of one page of items.
 */
@QuarkusTest
@TestProfile(ReviewCampaignBench.NoScheduledRound.class)
class ReviewCampaignBench {

    static final int HUMANS = 1_000;
    static final int AGENTS_PER_HUMAN = 100;
    static final int DELEGATIONS = HUMANS * AGENTS_PER_HUMAN;

    /**
     * The job runs only when the bench calls it, so the timed round is the one that closes the
     * campaign; and transactions may run past the default 60 s, which the report then says.
     */
    public static class NoScheduledRound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the default JTA timeout (60 s) would cancel a slow open: the bench measures how slow it is
            return Map.of("tether.reviews.job-period", "1000h",
                    "quarkus.transaction-manager.default-transaction-timeout", "3600s");
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    ReviewCampaigns campaigns;

    @Inject
    ReviewJob job;

    @Test
    void campaignOverOneHundredThousandDelegations() throws Exception {
        List<Long> create = new ArrayList<>();
        List<Long> apply = new ArrayList<>();
        int runs = Integer.getInteger("bench.runs", 3);
        for (int run = 1; run <= runs; run++) {
            UUID dir = UUID.fromString(LineageApi.create("bench-review-" + run).dir().id());
            build(dir);

            long start = System.nanoTime();
            Campaign campaign = campaigns.create(dir, new ReviewCampaigns.Request("bench",
                    new CampaignSelection(null, null, null, null, null), null, OffsetDateTime.now().plusHours(1), "revoke"),
                    Cause.system());
            long createMs = (System.nanoTime() - start) / 1_000_000;
            check("items", DELEGATIONS, campaign.counts().items());
            if (run == 1) {
                explainItemPage(dir, campaign.id());
            }

            Jdbc.update(dataSource, "UPDATE review_campaigns SET due_at = now() - interval '1 second' WHERE id = ?",
                    campaign.id());
            start = System.nanoTime();
            while (!job.run()) {
                Thread.sleep(10); // another round holds the lock; wait for ours
            }
            long applyMs = (System.nanoTime() - start) / 1_000_000;
            check("delegations revoked", DELEGATIONS, count("SELECT count(*) FROM delegations WHERE directory_id = ? "
                    + "AND status = 'revoked' AND revoke_reason = 'recertification'", dir));
            check("credentials revoked", DELEGATIONS, count("SELECT count(*) FROM credentials WHERE directory_id = ? "
                    + "AND status = 'revoked' AND revoke_reason = 'recertification'", dir));
            check("items settled by the no-answer rule", DELEGATIONS, count("SELECT count(*) FROM review_items "
                    + "WHERE directory_id = ? AND no_answer AND decision = 'revoke'", dir));
            create.add(createMs);
            apply.add(applyMs);
            System.out.printf("BENCH run %d: create campaign over %d delegations %d ms; no-answer revocation %d ms%n", run,
                    DELEGATIONS, createMs, applyMs);
        }
        System.out.printf("BENCH review campaign, %d delegations: create median %d ms of %s; no-answer revocations"
                + " median %d ms of %s%n", DELEGATIONS, median(create), create, median(apply), apply);
    }

    /** 1 000 humans, each with 100 agents under a delegation and one credential per delegation, in one statement. */
    private void build(UUID dir) throws SQLException {
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH u AS (
                        INSERT INTO users (id, directory_id, user_name, active, doc, version, created_at, last_modified)
                        SELECT gen_random_uuid(), ?, ? || '-human-' || h, true,
                               jsonb_build_object('userName', ? || '-human-' || h, 'active', true), 1, now(), now()
                        FROM generate_series(1, ?) h RETURNING id
                    ), a AS (
                        INSERT INTO agents (id, directory_id, name, active, doc, version, created_at, last_modified)
                        SELECT gen_random_uuid(), ?, ? || '-agent-' || n, true,
                               jsonb_build_object('name', ? || '-agent-' || n, 'active', true), 1, now(), now()
                        FROM generate_series(1, ?) n RETURNING id
                    ), pairs AS (
                        SELECT a.id AS agent_id, u.id AS user_id
                        FROM (SELECT id, row_number() OVER () AS n FROM a) a
                        JOIN (SELECT id, row_number() OVER () AS n FROM u) u ON u.n = (a.n - 1) % ? + 1
                    ), d AS (
                        INSERT INTO delegations (id, directory_id, delegator_type, delegator_id, agent_id, root_user_id,
                                                 depth, scopes, kind, status, created_at, chain)
                        SELECT p.id, ?, 'User', p.user_id, p.agent_id, p.user_id, 1, '{read,write}', 'grant',
                               'active', now() - interval '1 day', ARRAY[p.id]
                        FROM (SELECT gen_random_uuid() AS id, pairs.* FROM pairs) p RETURNING id, agent_id
                    )
                    INSERT INTO credentials (id, directory_id, agent_id, delegation_id, kind, external_id, audience,
                                             status, created_at)
                    SELECT gen_random_uuid(), ?, d.agent_id, d.id, 'api_key', d.id::text, 'bench', 'active', now() FROM d
                    """)) {
                ps.setObject(1, dir);
                ps.setString(2, prefix);
                ps.setString(3, prefix);
                ps.setInt(4, HUMANS);
                ps.setObject(5, dir);
                ps.setString(6, prefix);
                ps.setString(7, prefix);
                ps.setInt(8, DELEGATIONS);
                ps.setInt(9, HUMANS);
                ps.setObject(10, dir);
                ps.setObject(11, dir);
                ps.executeUpdate();
            }
            try (PreparedStatement analyze = c.prepareStatement("ANALYZE users, agents, delegations, credentials")) {
                analyze.execute();
            }
        }
    }

    /** Where a page of 1 000 items (what opening and closing read 100 times) spends its time. */
    private void explainItemPage(UUID dir, UUID campaign) throws SQLException {
        String page = ReviewItemRows.select("true AND (?::timestamptz IS NULL OR (i.created_at, i.id) > (?::timestamptz, ?::uuid))");
        List<String> plan = Jdbc.query(dataSource, "EXPLAIN (ANALYZE, BUFFERS) " + page, rs -> rs.getString(1),
                OffsetDateTime.now(), dir, campaign, null, null, null, ReviewCampaigns.PAGE);
        plan.forEach(line -> System.out.println("BENCH-PLAN " + line));
    }

    private long count(String sql, UUID dir) throws SQLException {
        return Jdbc.query(dataSource, sql, rs -> rs.getLong(1), dir).get(0);
    }

    private static void check(String what, long expected, long actual) {
        if (expected != actual) {
            throw new AssertionError(what + ": " + actual + ", not " + expected);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
