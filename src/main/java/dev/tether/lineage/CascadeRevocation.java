package dev.tether.lineage;

import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Revokes delegations and everything derived from them, on the caller's transaction, as
 * set-based SQL: one statement locks the agents the seed delegations point at (so that grants
 * and credentials being issued below them queue up behind this transaction), one statement
 * computes and applies the whole cascade. Two statements whatever the fan-out or depth.
 *
 * <p>The cascade: the seed delegations are revoked; every agent downstream of them (over active
 * delegations) that keeps no active incoming delegation from outside the revoked part is
 * suspended; the outgoing delegations of suspended agents are revoked; every credential bound to
 * a revoked delegation or held by a suspended agent is revoked.
 */
@ApplicationScoped
public class CascadeRevocation {

    private final Clock clock;

    /** Which delegations start a cascade: a fixed SQL condition over {@code delegations d} and its values. */
    record Seed(String condition, List<Object> params) {
    }

    /** What one cascade changed. */
    public record Outcome(int statements, List<UUID> delegations, List<UUID> credentials, List<UUID> agents) {
    }

    private static final String LOCK_TARGETS = """
            SELECT a.id FROM agents a
            WHERE a.directory_id = ? AND a.id IN (
                SELECT d.agent_id FROM delegations d
                WHERE d.directory_id = ? AND d.status = 'active' AND (%s))
            ORDER BY a.id FOR NO KEY UPDATE
            """;

    /**
     * What a cascade takes, as CTEs over the seed: the one selection both the cascade and its dry
     * run ({@link #previewFromUser}) read, so a drill cannot drift from what a leaver revokes.
     * Ends in {@code doomed_delegations}, {@code doomed_credentials} and {@code doomed_agents}.
     * Bound by {@link #bindSelection}.
     */
    private static final String SELECTION = """
            seed AS (
                SELECT d.id, d.agent_id FROM delegations d
                WHERE d.directory_id = ? AND d.status = 'active' AND (%s)
            ),
            downstream (agent_id) AS (
                SELECT agent_id FROM seed
                UNION
                SELECT d.agent_id FROM delegations d JOIN downstream x ON d.delegator_id = x.agent_id
                WHERE d.directory_id = ? AND d.status = 'active' AND d.delegator_type = 'Agent'
            ),
            supported (agent_id) AS (
                SELECT d.agent_id FROM delegations d
                WHERE d.directory_id = ? AND d.status = 'active'
                  AND d.agent_id IN (SELECT agent_id FROM downstream)
                  AND d.id NOT IN (SELECT id FROM seed)
                  AND d.agent_id <> ALL (?::uuid[])
                  AND NOT (d.delegator_type = 'Agent' AND d.delegator_id IN (SELECT agent_id FROM downstream))
                UNION
                SELECT d.agent_id FROM delegations d JOIN supported s ON d.delegator_id = s.agent_id
                WHERE d.directory_id = ? AND d.status = 'active' AND d.delegator_type = 'Agent'
                  AND d.id NOT IN (SELECT id FROM seed)
                  AND d.agent_id <> ALL (?::uuid[])
                  AND d.agent_id IN (SELECT agent_id FROM downstream)
            ),
            suspended AS (
                SELECT agent_id FROM downstream EXCEPT SELECT agent_id FROM supported
                UNION SELECT unnest(?::uuid[])
            ),
            doomed_delegations AS (
                SELECT d.id FROM delegations d
                WHERE d.directory_id = ? AND d.status = 'active'
                  AND (d.id IN (SELECT id FROM seed)
                       OR (d.delegator_type = 'Agent' AND d.delegator_id IN (SELECT agent_id FROM suspended)))
            ),
            doomed_credentials AS (
                SELECT c.id FROM credentials c
                WHERE c.directory_id = ? AND c.status = 'active'
                  AND (c.delegation_id IN (SELECT id FROM doomed_delegations)
                       OR c.agent_id IN (SELECT agent_id FROM suspended))
            ),
            doomed_agents AS (
                SELECT a.id FROM agents a
                WHERE a.directory_id = ? AND a.id IN (SELECT agent_id FROM suspended)
                  AND a.active IS DISTINCT FROM false
            )""";

    // the status checks are repeated so a row another transaction changed meanwhile is re-checked on lock
    private static final String CASCADE = """
            WITH RECURSIVE
            %s,
            revoked_delegations AS (
                UPDATE delegations d SET status = 'revoked', revoked_at = ?, revoke_reason = ?, revoke_cause = ?
                WHERE d.id IN (SELECT id FROM doomed_delegations) AND d.status = 'active'
                RETURNING d.id, d.agent_id, d.root_user_id, d.scopes, d.audience, d.expires_at, d.delegator_type,
                          d.delegator_id
            ),
            revoked_credentials AS (
                UPDATE credentials c SET status = 'revoked', revoked_at = ?, revoke_reason = ?, revoke_cause = ?
                WHERE c.id IN (SELECT id FROM doomed_credentials) AND c.status = 'active'
                RETURNING c.id, c.agent_id, c.delegation_id, c.kind, c.external_id, c.audience, c.fingerprint,
                          c.expires_at
            ),
            suspended_agents AS (
                UPDATE agents a SET active = false, doc = jsonb_set(a.doc, '{active}', 'false'::jsonb),
                       version = a.version + 1, last_modified = ?
                WHERE a.id IN (SELECT id FROM doomed_agents) AND a.active IS DISTINCT FROM false
                RETURNING a.id
            ),
            revoked (kind, id, agent_id, root_user_id, delegation_id, credential_kind, external_id, audience,
                     fingerprint, scopes, expires_at, delegator_type, delegator_id) AS (
                SELECT 'D', r.id, r.agent_id, r.root_user_id, r.id, NULL, NULL, r.audience, NULL, r.scopes,
                       r.expires_at, r.delegator_type, r.delegator_id
                  FROM revoked_delegations r
                UNION ALL
                SELECT 'C', c.id, c.agent_id, d.root_user_id, c.delegation_id, c.kind, c.external_id, c.audience,
                       c.fingerprint, NULL::text[], c.expires_at, NULL, NULL::uuid
                  FROM revoked_credentials c JOIN delegations d ON d.id = c.delegation_id
                UNION ALL
                SELECT 'A', s.id, s.id, NULL::uuid, NULL::uuid, NULL, NULL, NULL, NULL, NULL::text[],
                       NULL::timestamptz, NULL, NULL::uuid
                  FROM suspended_agents s
            )
            -- the names and the chain of each revoked thing, in the same round trip
            SELECT x.*, %s FROM revoked x
            """.formatted(SELECTION, LineageContexts.columns("x.agent_id", "x.root_user_id", "x.delegation_id"));

    /** The dry run: the same selection, read and not applied; each with the audience subscriptions filter on. */
    private static final String PREVIEW = """
            WITH RECURSIVE
            %s
            SELECT 'D', d.id, d.agent_id, d.audience FROM delegations d WHERE d.id IN (SELECT id FROM doomed_delegations)
            UNION ALL
            SELECT 'C', c.id, c.agent_id, c.audience FROM credentials c WHERE c.id IN (SELECT id FROM doomed_credentials)
            UNION ALL
            SELECT 'A', id, id, NULL FROM doomed_agents
            """.formatted(SELECTION);

    private final DataSource dataSource;
    private final Event<RevocationBatch> revocations;
    private final Event<CascadeCompleted> completions;

    CascadeRevocation(DataSource dataSource, Event<RevocationBatch> revocations, Event<CascadeCompleted> completions, Clock clock) {
        this.clock = clock;
        this.dataSource = dataSource;
        this.revocations = revocations;
        this.completions = completions;
    }

    /** A leaver: every active delegation the user granted, and everything below. */
    public Outcome revokeFromUser(UUID directoryId, UUID userId, RevocationReason reason, Cause cause) throws SQLException {
        return run(directoryId, leaverSeed(userId), List.of(), reason, cause, false);
    }

    /**
     * A leaver whose row this transaction holds locked (the SCIM write that deactivated or deleted
     * it). A grant from the user takes its row FOR SHARE first ({@link DelegatorLocks}), so no new
     * delegation from it can commit while this runs: when the first statement finds none, there is
     * nothing to cascade, and the second statement is not sent (most leavers delegated nothing).
     */
    public Outcome revokeFromLockedUser(UUID directoryId, UUID userId, RevocationReason reason, Cause cause)
            throws SQLException {
        return run(directoryId, leaverSeed(userId), List.of(), reason, cause, true);
    }

    /**
     * An agent disabled or deleted: its incoming and outgoing delegations and its credentials
     * (even those under a delegation that stays valid), and everything below.
     */
    public Outcome revokeForAgent(UUID directoryId, UUID agentId, Cause cause) throws SQLException {
        return run(directoryId, new Seed("d.agent_id = ? OR (d.delegator_type = 'Agent' AND d.delegator_id = ?)",
                List.of(agentId, agentId)), List.of(agentId), RevocationReason.AGENT_DISABLED, cause, false);
    }

    /** Named delegations (manual revocation, removed owners, expiry), and everything below. */
    public Outcome revokeDelegations(UUID directoryId, Collection<UUID> ids, RevocationReason reason, Cause cause)
            throws SQLException {
        return run(directoryId, new Seed("d.id = ANY (?::uuid[])", List.<Object>of((Object) ids.toArray(new UUID[0]))),
                List.of(), reason, cause, false);
    }

    /**
     * A mover: the group's membership changed, so delegations whose basis names this group or
     * one of its ancestors are re-checked against their delegator's current groups (nested
     * included), and those no longer held are revoked.
     */
    public Outcome revokeLostBasis(UUID directoryId, UUID groupId, Cause cause) throws SQLException {
        return run(directoryId, new Seed(
                "d.basis_groups && ARRAY(SELECT ?::uuid UNION SELECT mg.group_id FROM member_groups(?) mg) "
                        + "AND NOT (d.basis_groups <@ ARRAY(SELECT mg.group_id FROM member_groups(d.delegator_id) mg))",
                List.of(groupId, groupId)), List.of(), RevocationReason.MOVER, cause, false);
    }

    /** Delegations past their expiry, and everything below. */
    public Outcome revokeExpired(UUID directoryId, OffsetDateTime now, Cause cause) throws SQLException {
        return run(directoryId, new Seed("d.expires_at <= ?", List.of(now)), List.of(), RevocationReason.EXPIRED, cause,
                false);
    }

    /** Delegations past their reviewBy with no approval since (an approval moves reviewBy on), and everything below. */
    public Outcome revokeLapsed(UUID directoryId, OffsetDateTime now, Cause cause) throws SQLException {
        return run(directoryId, new Seed("d.review_by <= ?", List.of(now)), List.of(),
                RevocationReason.RECERTIFICATION_LAPSED, cause, false);
    }

    /** @param seedClosed no seed delegation can appear during this transaction (see {@link #revokeFromLockedUser}) */
    private Outcome run(UUID directoryId, Seed seed, List<UUID> forcedAgents, RevocationReason reason, Cause cause,
            boolean seedClosed) throws SQLException {
        long started = System.nanoTime();
        AtomicInteger statements = new AtomicInteger();
        OffsetDateTime now = clock.now();
        List<UUID> delegations = new ArrayList<>();
        List<UUID> credentials = new ArrayList<>();
        List<UUID> agents = new ArrayList<>();
        List<RevocationEvent> facts = new ArrayList<>();
        try (Connection c = CountingConnection.wrap(dataSource.getConnection(), statements)) {
            try (PreparedStatement ps = c.prepareStatement(LOCK_TARGETS.formatted(seed.condition()))) {
                int i = 1;
                ps.setObject(i++, directoryId);
                ps.setObject(i++, directoryId);
                Jdbc.bind(c, ps, i, seed.params());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() && seedClosed && forcedAgents.isEmpty()) {
                        return completed(directoryId, reason, cause, statements.get(), List.of(), List.of(), List.of(),
                                started);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(CASCADE.formatted(seed.condition()))) {
                int i = bindSelection(c, ps, directoryId, seed, forcedAgents);
                for (int k = 0; k < 2; k++) {
                    ps.setObject(i++, now);
                    ps.setString(i++, reason.code());
                    ps.setObject(i++, cause.txn());
                }
                ps.setObject(i, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kind = rs.getString(1);
                        UUID id = rs.getObject(2, UUID.class);
                        UUID agent = rs.getObject(3, UUID.class);
                        UUID root = rs.getObject(4, UUID.class);
                        UUID delegation = rs.getObject(5, UUID.class);
                        RevocationEvent.Terms terms = new RevocationEvent.Terms(rs.getString(6), rs.getString(7),
                                rs.getString(8), rs.getString(9), rs.getArray(10) == null ? null : Jdbc.texts(rs.getArray(10)),
                                rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getObject(13, UUID.class));
                        LineageContext context = LineageContexts.read(rs, 14, agent, root);
                        switch (kind) {
                            case "D" -> {
                                delegations.add(id);
                                facts.add(new RevocationEvent(directoryId, RevocationEvent.Kind.DELEGATION_REVOKED,
                                        root, id, agent, null, reason, now, terms, context));
                            }
                            case "C" -> {
                                credentials.add(id);
                                facts.add(new RevocationEvent(directoryId, RevocationEvent.Kind.CREDENTIAL_REVOKED,
                                        root, delegation, agent, id, reason, now, terms, context));
                            }
                            default -> {
                                agents.add(id);
                                facts.add(new RevocationEvent(directoryId, RevocationEvent.Kind.AGENT_SUSPENDED,
                                        null, null, id, null, reason, now, null, context));
                            }
                        }
                    }
                }
            }
        }
        // published after the SQL so observers see the final state, still inside the transaction
        if (!facts.isEmpty()) {
            revocations.fire(new RevocationBatch(cause, facts));
        }
        return completed(directoryId, reason, cause, statements.get(), delegations, credentials, agents, started);
    }

    private Outcome completed(UUID directoryId, RevocationReason reason, Cause cause, int statements,
            List<UUID> delegations, List<UUID> credentials, List<UUID> agents, long started) {
        Outcome outcome = new Outcome(statements, delegations, credentials, agents);
        completions.fire(new CascadeCompleted(directoryId, reason, cause, outcome.statements(),
                delegations.size(), credentials.size(), agents.size(), Duration.ofNanos(System.nanoTime() - started)));
        return outcome;
    }

    /** One thing a cascade would take, the agent it belongs to, and the audience subscriptions filter its event on. */
    public record Doomed(UUID id, UUID agentId, String audience) {
    }

    /** What a cascade would revoke and suspend, had it run now. */
    public record Preview(List<Doomed> delegations, List<Doomed> credentials, List<UUID> agents) {

        /** Agents that would lose a delegation or a credential, or be suspended; one another human sponsors keeps running. */
        public java.util.Set<UUID> agentsAffected() {
            java.util.Set<UUID> affected = new java.util.LinkedHashSet<>(agents);
            delegations.forEach(d -> affected.add(d.agentId()));
            credentials.forEach(c -> affected.add(c.agentId()));
            return affected;
        }

        /** Every id the cascade would touch: delegations, credentials and suspended agents. */
        public java.util.Set<UUID> ids() {
            java.util.Set<UUID> ids = new java.util.HashSet<>(agents);
            delegations.forEach(d -> ids.add(d.id()));
            credentials.forEach(c -> ids.add(c.id()));
            return ids;
        }
    }

    /**
     * The leaver's dry run: what {@link #revokeFromUser} would take now, read with the same
     * selection, locking and changing nothing, on the caller's transaction.
     */
    public Preview previewFromUser(UUID directoryId, UUID userId) throws SQLException {
        return preview(directoryId, leaverSeed(userId), List.of());
    }

    private Preview preview(UUID directoryId, Seed seed, List<UUID> forcedAgents) throws SQLException {
        List<Doomed> delegations = new ArrayList<>();
        List<Doomed> credentials = new ArrayList<>();
        List<UUID> agents = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(PREVIEW.formatted(seed.condition()))) {
            bindSelection(c, ps, directoryId, seed, forcedAgents);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(2, UUID.class);
                    switch (rs.getString(1)) {
                        case "D" -> delegations.add(new Doomed(id, rs.getObject(3, UUID.class), rs.getString(4)));
                        case "C" -> credentials.add(new Doomed(id, rs.getObject(3, UUID.class), rs.getString(4)));
                        default -> agents.add(id);
                    }
                }
            }
        }
        return new Preview(delegations, credentials, agents);
    }

    /** Binds {@link #SELECTION}'s values from the first parameter; returns the next index. */
    private static int bindSelection(Connection c, PreparedStatement ps, UUID directoryId, Seed seed,
            List<UUID> forcedAgents) throws SQLException {
        UUID[] forced = forcedAgents.toArray(new UUID[0]);
        int i = 1;
        ps.setObject(i++, directoryId);
        i = Jdbc.bind(c, ps, i, seed.params());
        ps.setObject(i++, directoryId);
        ps.setObject(i++, directoryId);
        ps.setArray(i++, c.createArrayOf("uuid", forced));
        ps.setObject(i++, directoryId);
        ps.setArray(i++, c.createArrayOf("uuid", forced));
        ps.setArray(i++, c.createArrayOf("uuid", forced));
        for (int k = 0; k < 3; k++) {
            ps.setObject(i++, directoryId); // doomed delegations, credentials, agents
        }
        return i;
    }

    private static Seed leaverSeed(UUID userId) {
        return new Seed("d.delegator_type = 'User' AND d.delegator_id = ?", List.of(userId));
    }
}
