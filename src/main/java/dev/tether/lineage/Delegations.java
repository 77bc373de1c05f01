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
            OffsetDateTime expiresAt, Integer maxDepth, List<UUID> basisGroups, String kind, UUID parentDelegationId) {
    }

    private final LineageRows rows;
    private final DelegatorLocks locks;
    private final CascadeRevocation cascade;
    private final Transactions transactions;
    private final Event<DelegationGranted> granted;
    private final UserHolds holds;

    Delegations(LineageRows rows, DelegatorLocks locks, CascadeRevocation cascade, Transactions transactions,
            Event<DelegationGranted> granted, Clock clock, UserHolds holds) {
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
        rows.update("INSERT INTO delegations (id, directory_id, delegator_type, delegator_id, agent_id, "
                        + "parent_delegation_id, root_user_id, depth, max_depth, scopes, audience, expires_at, basis_groups, "
                        + "kind, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?::uuid[], ?, 'active', ?)",
                id, directoryId, g.delegatorType(), g.delegatorId(), g.agentId(), parent == null ? null : parent.id(), root,
                depth, maxDepth, scopes.toArray(new String[0]), g.audience(), g.expiresAt(), basis.toArray(new UUID[0]),
                kind, now);
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

    /** Active sponsor delegations of an agent, by owner. */
    List<Delegation> activeSponsorships(UUID directoryId, UUID agentId) throws SQLException {
        return new ArrayList<>(rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS + " FROM delegations "
                        + "WHERE directory_id = ? AND agent_id = ? AND kind = 'sponsor' AND status = 'active' "
                        + "AND delegator_type = 'User'", LineageRows::delegation, directoryId, agentId));
    }
}
