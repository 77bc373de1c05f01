package dev.tether.authz;

import dev.tether.platform.AuthzenConfig;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The AuthZEN decision point over the delegation graph. A batch of questions is answered by one
 * SQL statement, so every answer of a batch is read from one snapshot of the lineage tables and
 * a decision asked after a leaver's commit sees the leaver: nothing is cached here.
 * <p>
 * Permit only when the named credential (if any) is active, unexpired and bound to the agent and
 * delegation asked about; the delegation and every one up its parent chain is active and
 * unexpired; the agent of every link is active; the user at the root is active; every link's
 * delegator is still in that link's basis groups; and every link grants the action (its scopes)
 * and the resource's audience (a link without an audience grants any). An agent asked about
 * without naming a delegation is permitted when any one of its delegations passes.
 */
@ApplicationScoped
public class DecisionPoint {

    /**
     * The questions, and the delegations each may rest on (its starts): the named credential's,
     * by id or by handle, with the credential's own state; or the agent's (the one named, or each).
     */
    private static final String QUESTIONS = """
            q (n, agent_id, credential_id, credential_ext, delegation_id, action, audience) AS (
                SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::text[])
            ),
            start (n, action, audience, credential_id, credential_agent, credential_delegation, credential_status,
                   credential_revoke_reason, credential_expires_at, credential_audience, start_id) AS (
                SELECT q.n, q.action, q.audience, c.id, c.agent_id, c.delegation_id, c.status, c.revoke_reason,
                    c.expires_at, c.audience, c.delegation_id
                FROM q JOIN credentials c ON c.id = q.credential_id AND c.directory_id = ?
                UNION ALL
                SELECT q.n, q.action, q.audience, c.id, c.agent_id, c.delegation_id, c.status, c.revoke_reason,
                    c.expires_at, c.audience, c.delegation_id
                FROM q JOIN credentials c ON c.directory_id = ? AND c.external_id = q.credential_ext
                    AND (q.audience IS NULL OR c.audience = q.audience)
                WHERE q.credential_id IS NULL
                UNION ALL
                SELECT q.n, q.action, q.audience, NULL, NULL, NULL, NULL, NULL, NULL, NULL, d.id
                FROM q JOIN delegations d ON d.directory_id = ? AND d.agent_id = q.agent_id
                WHERE q.credential_id IS NULL AND q.credential_ext IS NULL
                    AND (q.delegation_id IS NULL OR d.id = q.delegation_id)
            )
            """;

    /**
     * Whether one link fails, and which check fails first: {@code d} is the link (null when its row
     * is missing), {@code a} its agent, {@code u} its delegator when a user, {@code s} the start
     * with the question's action and audience, {@code p} the directory and the decision's time.
     */
    private static final String LINK_FAILURE = """
                    CASE
                        WHEN d.id IS NULL OR d.directory_id <> p.dir THEN 'chain_broken'
                        WHEN d.status <> 'active' THEN 'delegation_revoked'
                        WHEN least(d.expires_at, d.review_by) <= p.at THEN 'delegation_expired'
                        WHEN a.id IS NULL OR a.active IS FALSE THEN 'agent_inactive'
                        WHEN d.delegator_type = 'User' AND u.active IS NOT TRUE THEN 'user_inactive'
                        WHEN cardinality(d.basis_groups) > 0
                            AND NOT d.basis_groups <@ ARRAY(SELECT g.group_id FROM member_groups(d.delegator_id) g)
                            THEN 'basis_group_lost'
                        WHEN NOT coalesce(s.action = ANY (d.scopes), false) THEN 'scope_not_granted'
                        WHEN d.audience IS NOT NULL AND d.audience IS DISTINCT FROM s.audience THEN 'audience_not_granted'
                    END""";

    /**
     * Each start's links, root first: its {@code chain} column (V29: the ids from the root's
     * delegation down to itself, fixed when it was made) read with one primary-key lookup per
     * link, no walk. A link whose row is missing is still a row (the outer join): chain_broken.
     */
    private static final String LINKS = """
                start s
                JOIN delegations sd ON sd.id = s.start_id
                CROSS JOIN LATERAL unnest(sd.chain) WITH ORDINALITY AS k (link_id, from_root)
                LEFT JOIN delegations d ON d.id = k.link_id
                LEFT JOIN agents a ON a.id = d.agent_id
                LEFT JOIN users u ON u.id = d.delegator_id AND d.delegator_type = 'User'
            """;

    /** What a link contributes to its chain's verdict. */
    private static final String LINK_COLUMNS = """
                    k.from_root, k.link_id,
                    -- a delegation past its reviewBy lapses like one past its expiresAt (least skips nulls)
                    least(d.expires_at, d.review_by) AS link_expires_at, d.root_user_id, d.revoke_reason,
            """ + LINK_FAILURE + " AS failure";

    /**
     * Planning the decision statement costs several times executing it, and its one plan (index
     * lookups all the way) suits every question: the statement is planned once per connection.
     * The setting travels in the same round trip as the statement and ends with its transaction;
     * {@code set_config} rather than {@code SET LOCAL}, which warns outside an explicit transaction
     * block, because a lone decision runs in autocommit (the two statements share one implicit
     * transaction, ended by the round trip's sync).
     */
    private static final String GENERIC_PLAN = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true);\n";

    /**
     * One row per link of each start (root first), and the directory's state on every row; one row
     * with no start when no question has any. The verdict of each chain is drawn in Java
     * ({@link Chain}): aggregating the links here made a plan that cost PostgreSQL more to
     * start than the lookups it ran (a decision's cost is mostly executor start-up per plan node).
     */
    private static final String DECIDE = GENERIC_PLAN + "WITH " + QUESTIONS + """
            SELECT p.disabled AS directory_disabled, s.n, s.start_id, s.credential_id, s.credential_agent,
                s.credential_delegation, s.credential_status, s.credential_revoke_reason, s.credential_expires_at,
                s.credential_audience,""" + LINK_COLUMNS + """

            FROM (SELECT dir.id AS dir, dir.disabled_at IS NOT NULL AS disabled, ?::timestamptz AS at
                  FROM directories dir WHERE dir.id = ?) p
            LEFT JOIN (""" + LINKS + """
            ) ON true
            ORDER BY s.n, sd.created_at, s.start_id, s.credential_id, k.from_root
            """;

    /**
     * Which agents may do an action on an audience: the active delegations that grant it are the
     * starts, checked the same way, each chain's verdict drawn here (the starts are many and a
     * page is of agents); one row per agent after the cursor, in id order.
     */
    private static final String SUBJECTS = """
            WITH q (action, audience) AS (SELECT ?::text, ?::text),
            start (action, audience, start_id) AS (
                SELECT q.action, q.audience, d.id FROM q JOIN delegations d ON d.directory_id = ? AND d.status = 'active'
                    AND q.action = ANY (d.scopes) AND (d.audience IS NULL OR d.audience IS NOT DISTINCT FROM q.audience)
                WHERE d.agent_id > ?
            ),
            p (dir, at) AS (SELECT ?::uuid, ?::timestamptz),
            links AS (
                SELECT s.start_id,""" + LINK_COLUMNS + """

                FROM p CROSS JOIN""" + LINKS + """
            ),
            verdict AS (
                SELECT start_id, bool_or(failure IS NOT NULL) AS failed,
                    (array_agg(root_user_id ORDER BY from_root) FILTER (WHERE root_user_id IS NOT NULL))[1] AS root_user_id
                FROM links GROUP BY start_id
            )
            SELECT d.agent_id, array_agg(v.start_id ORDER BY d.created_at, d.id) AS delegations,
                array_agg(DISTINCT v.root_user_id) AS users
            FROM verdict v JOIN delegations d ON d.id = v.start_id
            WHERE NOT v.failed
            GROUP BY d.agent_id ORDER BY d.agent_id LIMIT ?
            """;

    /** The scopes the delegations a question may rest on grant: the candidates of an action search. */
    private static final String CANDIDATE_ACTIONS = "WITH " + QUESTIONS + """
            , candidates AS (SELECT DISTINCT unnest(d.scopes) AS scope FROM start JOIN delegations d ON d.id = start.start_id
                WHERE d.status = 'active')
            SELECT scope FROM candidates WHERE scope > ? ORDER BY scope
            """;

    /**
     * Every audience the directory names (on a delegation or a credential, of any status): the
     * resources the decision point knows, so the candidates of a resource search. A chain that
     * restricts no audience is permitted on each of them.
     */
    private static final String CANDIDATE_AUDIENCES = """
            SELECT audience FROM (
                SELECT DISTINCT d.audience FROM delegations d WHERE d.directory_id = ? AND d.audience IS NOT NULL
                UNION
                SELECT DISTINCT c.audience FROM credentials c WHERE c.directory_id = ?
            ) known WHERE audience > ? ORDER BY audience
            """;

    private static final UUID NO_ID = new UUID(0, 0);

    private final DataSource dataSource;
    private final Clock clock;
    private final Transactions transactions;
    private final AuthzenConfig config;

    DecisionPoint(DataSource dataSource, Clock clock, Transactions transactions, AuthzenConfig config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.transactions = transactions;
        this.config = config;
    }

    /**
     * One answer per question, in order, all from one snapshot: one statement reads the
     * directory's state and every chain, in autocommit and outside the JTA transaction manager (a
     * decision writes nothing), so a decision is one round trip to the database.
     */
    public List<AccessDecision> decide(UUID directoryId, List<AccessQuestion> questions) {
        OffsetDateTime at = clock.now();
        return transactions.readOneStatement(dataSource, c -> decide(c, directoryId, questions, at));
    }

    /** One page of agents that may do {@code action} on {@code audience} now, after agent {@code afterAgent}. */
    public List<PermittedAgent> searchSubjects(UUID directoryId, String action, String audience, UUID afterAgent, int limit) {
        OffsetDateTime at = clock.now();
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SUBJECTS)) {
                Jdbc.bind(c, ps, action, audience, directoryId, afterAgent == null ? NO_ID : afterAgent, directoryId, at,
                        limit);
                List<PermittedAgent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PermittedAgent(rs.getObject(1, UUID.class), Jdbc.uuids(rs.getArray(2)),
                                Jdbc.uuids(rs.getArray(3)).stream().filter(java.util.Objects::nonNull).sorted().toList()));
                    }
                }
                return out;
            }
        });
    }

    /** An agent a subject search found, the delegations that permit it and the users they derive from. */
    public record PermittedAgent(UUID agentId, List<UUID> delegations, List<UUID> onBehalfOf) {
    }

    /**
     * The actions {@code question} (its action ignored) is permitted now, after {@code afterAction}
     * in name order, at most {@code limit}: the candidates and their decisions are read in one
     * repeatable-read snapshot.
     */
    public List<String> searchActions(UUID directoryId, AccessQuestion question, String afterAction, int limit) {
        return permittedAmong(directoryId, question, limit, (c, ps) -> {
            int next = bindQuestions(c, ps, directoryId, List.of(question));
            Jdbc.bind(c, ps, next, List.of(afterAction == null ? "" : afterAction));
        }, CANDIDATE_ACTIONS, (q, action) -> new AccessQuestion(q.agentId(), q.credentialId(), q.credentialExternalId(),
                q.delegationId(), action, q.audience(), q.unanswerable()));
    }

    /**
     * The audiences {@code question} (its audience ignored) may act on now, after {@code afterAudience}
     * in name order, at most {@code limit}: each audience the directory knows, decided as an
     * evaluation with that audience would be, in one repeatable-read snapshot.
     */
    public List<String> searchResources(UUID directoryId, AccessQuestion question, String afterAudience, int limit) {
        return permittedAmong(directoryId, question, limit, (c, ps) -> Jdbc.bind(c, ps, directoryId, directoryId,
                afterAudience == null ? "" : afterAudience), CANDIDATE_AUDIENCES,
                (q, audience) -> new AccessQuestion(q.agentId(), q.credentialId(), q.credentialExternalId(),
                        q.delegationId(), q.action(), audience, q.unanswerable()));
    }

    private interface Binding {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    /**
     * Reads the candidates ({@code candidatesSql}, one text column in order) and keeps, in that
     * order, those for which {@code question} varied by {@code vary} is permitted; all in one
     * repeatable-read snapshot, decided in slices so a page stops as soon as it is full.
     */
    private List<String> permittedAmong(UUID directoryId, AccessQuestion question, int limit, Binding candidatesBinding,
            String candidatesSql, java.util.function.BiFunction<AccessQuestion, String, AccessQuestion> vary) {
        OffsetDateTime at = clock.now();
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                List<String> candidates = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(candidatesSql)) {
                    candidatesBinding.bind(c, ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(rs.getString(1));
                        }
                    }
                }
                List<String> permitted = new ArrayList<>();
                for (int from = 0; from < candidates.size() && permitted.size() < limit; from += limit) {
                    List<String> slice = candidates.subList(from, Math.min(candidates.size(), from + limit));
                    List<AccessQuestion> asked = slice.stream().map(v -> vary.apply(question, v)).toList();
                    List<AccessDecision> decisions = decide(c, directoryId, asked, at);
                    for (int i = 0; i < slice.size() && permitted.size() < limit; i++) {
                        if (decisions.get(i).permit()) {
                            permitted.add(slice.get(i));
                        }
                    }
                }
                return permitted;
            }
        });
    }

    private List<AccessDecision> decide(Connection c, UUID directoryId, List<AccessQuestion> questions, OffsetDateTime at)
            throws SQLException {
        Map<Integer, List<Candidate>> byQuestion = new TreeMap<>();
        List<AccessQuestion> answerable = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).unanswerable() == null) {
                answerable.add(questions.get(i));
                positions.add(i);
            }
        }
        boolean disabled = false;
        if (!answerable.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(DECIDE)) {
                int next = bindQuestions(c, ps, directoryId, answerable);
                Jdbc.bind(c, ps, next, Arrays.asList(at, directoryId));
                try (ResultSet rs = resultOf(ps)) {
                    Chain chain = null;
                    while (rs.next()) {
                        disabled = rs.getBoolean("directory_disabled");
                        UUID start = rs.getObject("start_id", UUID.class);
                        if (start == null) {
                            continue; // the one row of a statement whose questions have no start
                        }
                        int n = positions.get((int) rs.getLong("n"));
                        UUID credential = rs.getObject("credential_id", UUID.class);
                        if (chain == null || !chain.isOf(n, start, credential)) {
                            if (chain != null) {
                                byQuestion.computeIfAbsent(chain.n, k -> new ArrayList<>()).add(chain.candidate());
                            }
                            chain = new Chain(n, start, credential, rs);
                        }
                        chain.link(rs);
                    }
                    if (chain != null) {
                        byQuestion.computeIfAbsent(chain.n, k -> new ArrayList<>()).add(chain.candidate());
                    }
                }
            }
        }
        if (disabled) {
            // an operator switched the whole directory off: nothing in it may act until it is enabled again
            return questions.stream().map(q -> AccessDecision.deny(q.unanswerable() != null ? q.unanswerable()
                    : DenyReason.DIRECTORY_DISABLED)).toList();
        }
        OffsetDateTime cacheBound = at.plus(config.permitTtl());
        List<AccessDecision> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            AccessQuestion q = questions.get(i);
            out.add(q.unanswerable() != null ? AccessDecision.deny(q.unanswerable())
                    : answer(q, byQuestion.getOrDefault(i, List.of()), at, cacheBound));
        }
        return out;
    }

    /** The rows of the statement after {@link #GENERIC_PLAN} (whose own one row is skipped). */
    private static ResultSet resultOf(PreparedStatement ps) throws SQLException {
        ps.execute();
        if (!ps.getMoreResults()) {
            throw new SQLException("the decision statement returned no rows");
        }
        return ps.getResultSet();
    }

    /** Binds the questions' columns; returns the next parameter position. */
    private static int bindQuestions(Connection c, PreparedStatement ps, UUID directoryId, List<AccessQuestion> questions)
            throws SQLException {
        int size = questions.size();
        Long[] n = new Long[size];
        UUID[] agents = new UUID[size];
        UUID[] credentialIds = new UUID[size];
        String[] credentialHandles = new String[size];
        UUID[] delegations = new UUID[size];
        String[] actions = new String[size];
        String[] audiences = new String[size];
        for (int i = 0; i < size; i++) {
            AccessQuestion q = questions.get(i);
            n[i] = (long) i;
            agents[i] = q.agentId();
            credentialIds[i] = q.credentialId();
            credentialHandles[i] = q.credentialExternalId();
            delegations[i] = q.delegationId();
            actions[i] = q.action();
            audiences[i] = q.audience();
        }
        return Jdbc.bind(c, ps, 1, Arrays.asList(n, agents, credentialIds, credentialHandles, delegations, actions, audiences,
                directoryId, directoryId, directoryId));
    }

    /** Permit when any candidate chain passes; otherwise the most telling failure. */
    private static AccessDecision answer(AccessQuestion q, List<Candidate> candidates, OffsetDateTime at,
            OffsetDateTime cacheBound) {
        AccessDecision best = null;
        for (Candidate k : candidates) {
            AccessDecision d = k.decide(q, at, cacheBound);
            if (d.permit()) {
                if (best == null || !best.permit() || later(d.validUntil(), best.validUntil())) {
                    best = d;
                }
            } else if (best == null || (!best.permit() && rank(d) > rank(best))) {
                best = d;
            }
        }
        return best != null ? best : AccessDecision.deny(q.namesCredential() ? DenyReason.CREDENTIAL_UNKNOWN
                : DenyReason.NO_DELEGATION);
    }

    private static boolean later(OffsetDateTime a, OffsetDateTime b) {
        return a.isAfter(b);
    }

    /**
     * Among denies, the one that says most: a chain that fails only on what was asked (scope,
     * audience) over one cut by a revocation, over a missing link.
     */
    private static int rank(AccessDecision d) {
        return switch (d.reason()) {
            case DenyReason.SCOPE_NOT_GRANTED, DenyReason.AUDIENCE_NOT_GRANTED -> 3;
            case DenyReason.NO_DELEGATION, DenyReason.CREDENTIAL_UNKNOWN -> 0;
            default -> d.revokeReason() == null ? 2 : 1;
        };
    }

    /**
     * The rows of one start (its links, root first, each with its failure if any) drawn into a
     * {@link Candidate}: the topmost failing link names the failure, the earliest expiry on the chain
     * bounds a permit, and the chain is reported from the start up to the root.
     */
    private static final class Chain {
        final int n;
        final UUID startId;
        final UUID credentialId;
        final UUID credentialAgent;
        final UUID credentialDelegation;
        final String credentialStatus;
        final String credentialRevokeReason;
        final OffsetDateTime credentialExpiresAt;
        final String credentialAudience;
        final List<UUID> rootFirst = new ArrayList<>(4);
        String failure;
        UUID failedLink;
        String failedReason;
        OffsetDateTime expiresAt;
        UUID rootUserId;

        Chain(int n, UUID startId, UUID credentialId, ResultSet rs) throws SQLException {
            this.n = n;
            this.startId = startId;
            this.credentialId = credentialId;
            credentialAgent = rs.getObject("credential_agent", UUID.class);
            credentialDelegation = rs.getObject("credential_delegation", UUID.class);
            credentialStatus = rs.getString("credential_status");
            credentialRevokeReason = rs.getString("credential_revoke_reason");
            credentialExpiresAt = rs.getObject("credential_expires_at", OffsetDateTime.class);
            credentialAudience = rs.getString("credential_audience");
        }

        boolean isOf(int n, UUID startId, UUID credentialId) {
            return this.n == n && this.startId.equals(startId) && Objects.equals(this.credentialId, credentialId);
        }

        /** The next link down the chain. */
        void link(ResultSet rs) throws SQLException {
            UUID link = rs.getObject("link_id", UUID.class);
            rootFirst.add(link);
            String linkFailure = rs.getString("failure");
            if (linkFailure != null && failure == null) {
                failure = linkFailure;
                failedLink = link;
                failedReason = rs.getString("revoke_reason");
            }
            OffsetDateTime linkExpiresAt = rs.getObject("link_expires_at", OffsetDateTime.class);
            if (linkExpiresAt != null && (expiresAt == null || linkExpiresAt.isBefore(expiresAt))) {
                expiresAt = linkExpiresAt;
            }
            if (rootUserId == null) {
                rootUserId = rs.getObject("root_user_id", UUID.class);
            }
        }

        Candidate candidate() {
            List<UUID> upward = new ArrayList<>(rootFirst);
            Collections.reverse(upward);
            return new Candidate(credentialId, credentialAgent, credentialDelegation, credentialStatus,
                    credentialRevokeReason, credentialExpiresAt, credentialAudience, startId, failure, failedLink,
                    failedReason, expiresAt, rootUserId, upward);
        }
    }

    /** One chain a question may rest on, as the statement read it. */
    private record Candidate(UUID credentialId, UUID credentialAgent, UUID credentialDelegation, String credentialStatus,
            String credentialRevokeReason, OffsetDateTime credentialExpiresAt, String credentialAudience, UUID startId,
            String failure, UUID failedLink, String failedReason, OffsetDateTime expiresAt, UUID rootUserId,
            List<UUID> chain) {

        AccessDecision decide(AccessQuestion q, OffsetDateTime at, OffsetDateTime cacheBound) {
            if (startId == null) {
                return AccessDecision.deny(q.namesCredential() ? DenyReason.CREDENTIAL_UNKNOWN : DenyReason.NO_DELEGATION);
            }
            if (q.namesCredential()) {
                if ((q.agentId() != null && !q.agentId().equals(credentialAgent))
                        || (q.delegationId() != null && !q.delegationId().equals(credentialDelegation))) {
                    return credentialDeny(DenyReason.CREDENTIAL_NOT_BOUND, null);
                }
                if (!"active".equals(credentialStatus)) {
                    return credentialDeny(DenyReason.CREDENTIAL_REVOKED, credentialRevokeReason);
                }
                if (credentialExpiresAt != null && !credentialExpiresAt.isAfter(at)) {
                    return credentialDeny(DenyReason.CREDENTIAL_EXPIRED, null);
                }
                if (q.audience() != null && !q.audience().equals(credentialAudience)) {
                    return credentialDeny(DenyReason.AUDIENCE_NOT_GRANTED, null);
                }
            }
            if (failure != null) {
                return new AccessDecision(false, failure, failedLink, failedLink == null ? null : "delegation",
                        DenyReason.DELEGATION_REVOKED.equals(failure) ? failedReason : null, startId, chain, rootUserId,
                        null);
            }
            OffsetDateTime until = cacheBound;
            if (expiresAt != null && expiresAt.isBefore(until)) {
                until = expiresAt;
            }
            if (credentialExpiresAt != null && credentialExpiresAt.isBefore(until)) {
                until = credentialExpiresAt;
            }
            return new AccessDecision(true, null, null, null, null, startId, chain, rootUserId, until);
        }

        private AccessDecision credentialDeny(String reason, String revokeReason) {
            return new AccessDecision(false, reason, credentialId, "credential", revokeReason, startId, chain, rootUserId,
                    null);
        }
    }
}
