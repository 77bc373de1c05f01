package dev.tether.lineage;

import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Grants, reads and revokes delegations. Every refusal is a {@link LineageRefusal} and changes nothing. */
@ApplicationScoped
public class Delegations {

    private final Clock clock;

    public static final String GRANT = "grant";
    public static final String SPONSOR = "sponsor";

    /** A request to delegate to an agent. */
    public record Grant(String delegatorType, UUID delegatorId, UUID agentId, List<String> scopes, String audience,
            OffsetDateTime expiresAt, Integer maxDepth, List<UUID> basisGroups, String kind, UUID parentDelegationId,
            OffsetDateTime reviewBy) {

        /** A grant whose review date, if any, comes from the directory's review policy. */
        public Grant(String delegatorType, UUID delegatorId, UUID agentId, List<String> scopes, String audience,
                OffsetDateTime expiresAt, Integer maxDepth, List<UUID> basisGroups, String kind, UUID parentDelegationId) {
            this(delegatorType, delegatorId, agentId, scopes, audience, expiresAt, maxDepth, basisGroups, kind,
                    parentDelegationId, null);
        }
    }

    /** What a narrowing changed: the delegation as it is now, and the scopes it held before. */
    public record Narrowing(Delegation delegation, List<String> oldScopes) {
    }

    private final LineageRows rows;
    private final DelegatorLocks locks;
    private final CascadeRevocation cascade;
    private final Transactions transactions;
    private final Event<DelegationGranted> granted;
    private final UserHolds holds;
    private final Event<DelegationNarrowed> narrowed;

    Delegations(LineageRows rows, DelegatorLocks locks, CascadeRevocation cascade, Transactions transactions,
            Event<DelegationGranted> granted, Clock clock, UserHolds holds, Event<DelegationNarrowed> narrowed) {
        this.narrowed = narrowed;
        this.holds = holds;
        this.clock = clock;
        this.rows = rows;
        this.locks = locks;
        this.cascade = cascade;
        this.transactions = transactions;
        this.granted = granted;
    }

    /** @param cause who grants it and why; its actor is the grant's actor on the audit trail */
    public Delegation create(UUID directoryId, Grant grant, Cause cause) {
        return transactions.run(() -> grant(directoryId, grant, cause));
    }

    private Delegation grant(UUID directoryId, Grant g, Cause cause) throws SQLException {
        if (g.delegatorId() == null || g.delegatorType() == null) {
            throw LineageRefusal.invalid("\"delegator\" with \"type\" (User or Agent) and \"id\" is required");
        }
        if (!g.delegatorType().equals("User") && !g.delegatorType().equals("Agent")) {
            throw LineageRefusal.invalid("\"delegator.type\" must be User or Agent");
        }
        if (g.agentId() == null) {
            throw LineageRefusal.invalid("\"agentId\" is required");
        }
        String kind = g.kind() == null ? GRANT : g.kind();
        if (!kind.equals(GRANT) && !kind.equals(SPONSOR)) {
            throw LineageRefusal.invalid("\"kind\" must be grant or sponsor");
        }
        List<String> scopes = g.scopes() == null ? List.of() : g.scopes();
        if (scopes.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw LineageRefusal.invalid("\"scopes\" must be non-empty strings");
        }
        List<UUID> basis = g.basisGroups() == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(g.basisGroups()));
        if (basis.stream().anyMatch(java.util.Objects::isNull)) {
            throw LineageRefusal.invalid("\"basisGroups\" must be group ids");
        }
        if (g.maxDepth() != null && g.maxDepth() < 1) {
            throw LineageRefusal.invalid("\"maxDepth\" must be at least 1");
        }
        OffsetDateTime now = clock.now();
        if (g.expiresAt() != null && !g.expiresAt().isAfter(now)) {
            throw LineageRefusal.invalid("\"expiresAt\" must be in the future");
        }
        if (g.reviewBy() != null && !g.reviewBy().isAfter(now)) {
            throw LineageRefusal.invalid("\"reviewBy\" must be in the future");
        }
        if (g.reviewBy() != null && g.expiresAt() != null && g.reviewBy().isAfter(g.expiresAt())) {
            throw LineageRefusal.invalid("\"reviewBy\" must not be after \"expiresAt\": the delegation ends before its review");
        }
        boolean userDelegator = g.delegatorType().equals("User");
        if (!userDelegator && g.delegatorId().equals(g.agentId())) {
            throw LineageRefusal.conflict("an agent cannot delegate to itself: that would close a cycle");
        }

        // locks first, checks after: see DelegatorLocks
        locks.requireEnabledDirectory(directoryId);
        Delegation parent = null;
        UUID root;
        int depth;
        if (userDelegator) {
            if (!locks.lockUser(directoryId, g.delegatorId())) {
                throw userMissingOrInactive(directoryId, g.delegatorId());
            }
            root = g.delegatorId();
            depth = 1;
        } else {
            locks.lockAgentAndAncestors(directoryId, g.delegatorId());
            requireActiveAgent(directoryId, g.delegatorId(), "delegator agent");
            if (isAncestor(directoryId, g.agentId(), g.delegatorId())) {
                throw LineageRefusal.conflict("agent " + g.agentId() + " already delegates (directly or through other agents) "
                        + "to delegator " + g.delegatorId() + ": this delegation would close a cycle");
            }
            parent = parentFor(directoryId, g, scopes);
            root = parent.rootUserId();
            depth = parent.depth() + 1;
        }
        // the root user's row is locked above (FOR SHARE), so a hold being placed waits for us or we see it
        holds.refuseIfHeld(directoryId, root);
        if (!basis.isEmpty()) {
            locks.lockGroupsOf(directoryId, g.delegatorId());
            checkBasis(directoryId, g.delegatorId(), basis);
        }
        requireActiveAgent(directoryId, g.agentId(), "agent");
        Integer maxDepth = g.maxDepth();
        if (parent != null && parent.maxDepth() != null) {
            // a sub-delegation can never reach deeper than the delegation it derives from allows
            maxDepth = maxDepth == null ? parent.maxDepth() : Math.min(maxDepth, parent.maxDepth());
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime reviewBy = g.reviewBy() != null ? g.reviewBy() : policyReviewBy(directoryId, kind, scopes, g.audience(), now);
        UUID parentId = parent == null ? null : parent.id();
        // the chain (V29) is the parent's chain and this delegation: a user's grant starts one
        rows.update("INSERT INTO delegations (id, directory_id, delegator_type, delegator_id, agent_id, "
                        + "parent_delegation_id, root_user_id, depth, max_depth, scopes, audience, expires_at, basis_groups, "
                        + "kind, status, created_at, review_by, chain) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?::uuid[], ?, 'active', ?, ?, "
                        + "coalesce((SELECT p.chain FROM delegations p WHERE p.id = ?), '{}') || ?::uuid)",
                id, directoryId, g.delegatorType(), g.delegatorId(), g.agentId(), parentId, root,
                depth, maxDepth, scopes.toArray(new String[0]), g.audience(), g.expiresAt(), basis.toArray(new UUID[0]),
                kind, now, reviewBy, parentId, id);
        Delegation created = findIn(directoryId, id).orElseThrow();
        granted.fire(new DelegationGranted(created, cause,
                LineageContexts.load(rows, created.agentId(), created.rootUserId(), created.id())));
        return created;
    }

    private LineageRefusal userMissingOrInactive(UUID directoryId, UUID userId) throws SQLException {
        boolean exists = !rows.query("SELECT 1 FROM users WHERE directory_id = ? AND id = ?", rs -> 1, directoryId, userId)
                .isEmpty();
        return exists ? LineageRefusal.conflict("delegator user " + userId + " is not active")
                : LineageRefusal.invalid("no user " + userId + " in this directory");
    }

    private void requireActiveAgent(UUID directoryId, UUID agentId, String role) throws SQLException {
        List<Boolean> active = rows.query("SELECT active FROM agents WHERE directory_id = ? AND id = ?",
                rs -> rs.getObject(1) == null || rs.getBoolean(1), directoryId, agentId);
        if (active.isEmpty()) {
            throw LineageRefusal.invalid("no agent " + agentId + " in this directory");
        }
        if (!active.get(0)) {
            throw LineageRefusal.conflict(role + " " + agentId + " is not active");
        }
    }

    /**
     * The delegator agent's own delegation this one derives from: the named one, or the
     * shallowest active one whose scopes cover the request and whose maxDepth leaves room.
     */
    private Delegation parentFor(UUID directoryId, Grant g, List<String> scopes) throws SQLException {
        List<Delegation> held = rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS + " FROM delegations "
                        + "WHERE directory_id = ? AND agent_id = ? AND status = 'active' ORDER BY depth, created_at, id",
                LineageRows::delegation, directoryId, g.delegatorId());
        if (held.isEmpty()) {
            throw LineageRefusal.conflict("delegator agent " + g.delegatorId() + " holds no active delegation");
        }
        if (g.parentDelegationId() != null) {
            held = held.stream().filter(d -> d.id().equals(g.parentDelegationId())).toList();
            if (held.isEmpty()) {
                throw LineageRefusal.conflict("delegation " + g.parentDelegationId()
                        + " is not an active delegation held by the delegator agent");
            }
        }
        List<Delegation> covering = held.stream().filter(d -> new HashSet<>(d.scopes()).containsAll(scopes)).toList();
        if (covering.isEmpty()) {
            Set<String> own = new LinkedHashSet<>();
            held.forEach(d -> own.addAll(d.scopes()));
            throw LineageRefusal.invalid("scopes " + scopes + " are not a subset of the delegator agent's own scopes " + own);
        }
        for (Delegation d : covering) {
            if (d.maxDepth() == null || d.depth() + 1 <= d.maxDepth()) {
                return d;
            }
        }
        Delegation d = covering.get(0);
        throw LineageRefusal.invalid("depth " + (d.depth() + 1) + " would exceed maxDepth " + d.maxDepth()
                + " of delegation " + d.id());
    }

    private void checkBasis(UUID directoryId, UUID memberId, List<UUID> basis) throws SQLException {
        Set<UUID> existing = new HashSet<>(rows.query("SELECT id FROM groups WHERE directory_id = ? AND id = ANY (?::uuid[])",
                rs -> rs.getObject(1, UUID.class), directoryId, basis.toArray(new UUID[0])));
        Set<UUID> groupsOf = new HashSet<>(rows.query("SELECT group_id FROM member_groups(?)",
                rs -> rs.getObject(1, UUID.class), memberId));
        for (UUID group : basis) {
            if (!existing.contains(group)) {
                throw LineageRefusal.invalid("basis group " + group + " is not a group of this directory");
            }
            if (!groupsOf.contains(group)) {
                throw LineageRefusal.invalid("delegator " + memberId + " is not a member (direct or nested) of basis group "
                        + group);
            }
        }
    }

    /** True when {@code candidate} is {@code of} or above it over active delegations. */
    private boolean isAncestor(UUID directoryId, UUID candidate, UUID of) throws SQLException {
        return !rows.query("""
                WITH RECURSIVE up (agent_id) AS (
                    SELECT ?::uuid
                    UNION
                    SELECT d.delegator_id FROM delegations d JOIN up ON d.agent_id = up.agent_id
                    WHERE d.directory_id = ? AND d.status = 'active' AND d.delegator_type = 'Agent'
                )
                SELECT 1 FROM up WHERE agent_id = ?
                """, rs -> 1, of, directoryId, candidate).isEmpty();
    }

    public Optional<Delegation> find(UUID directoryId, UUID id) {
        return transactions.run(() -> findIn(directoryId, id));
    }

    private Optional<Delegation> findIn(UUID directoryId, UUID id) throws SQLException {
        return rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS
                + " FROM delegations WHERE directory_id = ? AND id = ?", LineageRows::delegation, directoryId, id)
                .stream().findFirst();
    }

    /** Delegations matching every given filter (null means any), oldest first, at most {@code limit}. */
    public List<Delegation> list(UUID directoryId, UUID rootUserId, UUID agentId, String status, int limit) {
        return list(directoryId, rootUserId, agentId, status, null, null, limit);
    }

    /**
     * A keyset page in creation order: up to {@code limit} rows after the one created at
     * {@code afterCreatedAt} with id {@code afterId} (both null: from the first).
     */
    public List<Delegation> list(UUID directoryId, UUID rootUserId, UUID agentId, String status, OffsetDateTime afterCreatedAt, UUID afterId,
            int limit) {
        return transactions.run(() -> rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS + " FROM delegations "
                        + "WHERE directory_id = ? AND (?::uuid IS NULL OR root_user_id = ?) "
                        + "AND (?::uuid IS NULL OR agent_id = ?) AND (?::text IS NULL OR status = ?) "
                        + "AND (?::timestamptz IS NULL OR (created_at, id) > (?::timestamptz, ?::uuid)) "
                        + "ORDER BY created_at, id LIMIT ?", LineageRows::delegation,
                directoryId, rootUserId, rootUserId, agentId, agentId, status, status, afterCreatedAt, afterCreatedAt, afterId, limit));
    }

    /** Revokes the delegation and cascades below it; returns false when there is no such delegation. */
    public boolean revoke(UUID directoryId, UUID id, Cause cause) {
        return transactions.run(() -> {
            List<String> status = rows.query("SELECT status FROM delegations WHERE directory_id = ? AND id = ? FOR UPDATE",
                    rs -> rs.getString(1), directoryId, id);
            if (status.isEmpty()) {
                return false;
            }
            cascade.revokeDelegations(directoryId, List.of(id), RevocationReason.MANUAL, cause);
            return true;
        });
    }

    /**
     * When a delegation of this kind, scopes and audience is next due for review under the
     * directory's review policy: {@code from} plus the shortest interval among the policy's rules
     * that match it (a rule names any of kind, scope, audience; all it names must match), else
     * plus the policy's default interval; null when the directory has no policy or it sets none.
     * Intervals are ISO 8601 periods, which PostgreSQL reads as intervals.
     */
    private OffsetDateTime policyReviewBy(UUID directoryId, String kind, List<String> scopes, String audience,
            OffsetDateTime from) throws SQLException {
        List<OffsetDateTime> due = rows.query("""
                SELECT coalesce(
                    (SELECT min(?::timestamptz + (r ->> 'interval')::interval)
                       FROM jsonb_array_elements(p.intervals) r
                      WHERE (r ->> 'kind' IS NULL OR r ->> 'kind' = ?)
                        AND (r ->> 'scope' IS NULL OR r ->> 'scope' = ANY (?::text[]))
                        AND (r ->> 'audience' IS NULL OR r ->> 'audience' = ?)),
                    ?::timestamptz + p.default_interval::interval)
                  FROM review_policies p WHERE p.directory_id = ?
                """, rs -> rs.getObject(1, OffsetDateTime.class), from, kind, scopes.toArray(new String[0]), audience,
                from, directoryId);
        return due.isEmpty() ? null : due.get(0);
    }

    /**
     * A reviewer vouched for the delegation: its review period starts again now, and its next
     * review is due after the directory policy's interval for it, else after {@code fallback}.
     * On the caller's transaction; the delegation must be active.
     */
    public Delegation approve(UUID directoryId, UUID id, java.time.Duration fallback, Cause cause) {
        return transactions.run(() -> {
            Delegation d = lockActive(directoryId, id);
            OffsetDateTime now = clock.now();
            OffsetDateTime next = policyReviewBy(directoryId, d.kind(), d.scopes(), d.audience(), now);
            if (next == null) {
                next = now.plus(fallback);
            }
            if (d.expiresAt() != null && next.isAfter(d.expiresAt())) {
                next = null; // it expires before another review would be due
            }
            rows.update("UPDATE delegations SET reviewed_at = ?, review_by = ? WHERE id = ?", now, next, id);
            return findIn(directoryId, id).orElseThrow();
        });
    }

    /**
     * Keeps only {@code keep} of the delegation's scopes: a new version, its old scopes recorded;
     * credentials stay bound to it, and the decision point reads the new scopes from the row at
     * once. {@code keep} must be a non-empty subset of the current scopes.
     */
    public Narrowing narrow(UUID directoryId, UUID id, List<String> keep, Cause cause) {
        return transactions.run(() -> {
            Delegation d = lockActive(directoryId, id);
            Set<String> wanted = new HashSet<>(keep);
            if (keep.isEmpty() || keep.stream().anyMatch(s -> s == null || !d.scopes().contains(s))) {
                throw LineageRefusal.invalid("\"scopes\" must be a non-empty subset of the delegation's scopes "
                        + d.scopes());
            }
            if (wanted.size() == d.scopes().size()) {
                throw LineageRefusal.invalid("\"scopes\" must leave out at least one of the delegation's scopes "
                        + d.scopes() + ": to keep them all, approve");
            }
            DelegationNarrowed.Change change = narrowAll(directoryId, java.util.Map.of(id, keep), cause).get(0);
            return new Narrowing(change.delegation(), change.oldScopes());
        });
    }

    private static final String NARROW = """
            WITH wanted AS (
                SELECT w.id, w.keep FROM unnest(?::uuid[], ?::text[]) AS w(id, keep)
            ),
            old AS (
                SELECT d.id, d.scopes AS old_scopes FROM delegations d JOIN wanted w ON w.id = d.id
                WHERE d.directory_id = ? AND d.status = 'active' FOR UPDATE OF d
            ),
            changed AS (
                UPDATE delegations d
                   SET scopes = ARRAY(SELECT s FROM unnest(o.old_scopes) WITH ORDINALITY AS k(s, n)
                                      WHERE s IN (SELECT jsonb_array_elements_text(w.keep::jsonb)) ORDER BY n),
                       version = d.version + 1
                  FROM old o JOIN wanted w ON w.id = o.id
                 WHERE d.id = o.id
                RETURNING d.*, o.old_scopes
            ),
            versions AS (
                INSERT INTO delegation_versions (delegation_id, version, directory_id, old_scopes, new_scopes, cause, changed_at)
                SELECT c.id, c.version, c.directory_id, c.old_scopes, c.scopes, ?, ? FROM changed c
            )
            SELECT %s, x.old_scopes, %s FROM changed x
            """.formatted(LineageRows.DELEGATION_COLUMNS.replaceAll("(^|, )([a-z_]+)", "$1x.$2"),
            LineageContexts.columns("x.agent_id", "x.root_user_id", "x.id"));

    /**
     * Narrows many active delegations in one statement, each to the scopes given for it (kept in
     * the order the delegation lists them; the caller has checked they leave some and drop some).
     * One fact for all; delegations no longer active are left alone. On the caller's transaction.
     */
    public List<DelegationNarrowed.Change> narrowAll(UUID directoryId, java.util.Map<UUID, List<String>> keep, Cause cause)
            throws SQLException {
        if (keep.isEmpty()) {
            return List.of();
        }
        UUID[] ids = new UUID[keep.size()];
        String[] keeps = new String[keep.size()];
        int i = 0;
        for (var e : keep.entrySet()) {
            ids[i] = e.getKey();
            keeps[i++] = jsonArray(e.getValue());
        }
        OffsetDateTime now = clock.now();
        List<DelegationNarrowed.Change> changes = rows.query(NARROW, rs -> {
            Delegation d = LineageRows.delegation(rs);
            int first = LineageRows.DELEGATION_COLUMNS.split(", ").length + 1;
            List<String> old = dev.tether.platform.Jdbc.texts(rs.getArray(first));
            return new DelegationNarrowed.Change(d, old, now, LineageContexts.read(rs, first + 1, d.agentId(), d.rootUserId()));
        }, ids, keeps, directoryId, cause.txn(), now);
        if (!changes.isEmpty()) {
            narrowed.fire(new DelegationNarrowed(cause, changes));
        }
        return changes;
    }

    private static String jsonArray(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            for (char ch : v.toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    b.append('\\').append(ch);
                } else if (ch < 0x20) {
                    b.append(String.format("\\u%04x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }

    /** The delegation, locked for this transaction; refused unless it exists here and is active. */
    private Delegation lockActive(UUID directoryId, UUID id) throws SQLException {
        Delegation d = rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS
                        + " FROM delegations WHERE directory_id = ? AND id = ? FOR UPDATE", LineageRows::delegation,
                directoryId, id).stream().findFirst()
                .orElseThrow(() -> LineageRefusal.notFound("no delegation " + id + " in this directory"));
        if (!d.active()) {
            throw LineageRefusal.conflict("delegation " + id + " is " + d.status() + " (" + d.revokeReason() + ")");
        }
        return d;
    }

    /** Active sponsor delegations of an agent, by owner. */
    List<Delegation> activeSponsorships(UUID directoryId, UUID agentId) throws SQLException {
        return new ArrayList<>(rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS + " FROM delegations "
                        + "WHERE directory_id = ? AND agent_id = ? AND kind = 'sponsor' AND status = 'active' "
                        + "AND delegator_type = 'User'", LineageRows::delegation, directoryId, agentId));
    }
}
