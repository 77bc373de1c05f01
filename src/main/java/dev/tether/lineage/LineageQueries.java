package dev.tether.lineage;

import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads of the lineage: what derives from a user, and where an agent's authority comes from. */
@ApplicationScoped
public class LineageQueries {

    /** An agent as lineage shows it; {@code exists} is false once the agent was deleted. */
    public record AgentSummary(UUID id, String name, boolean active, boolean exists) {
    }

    /** One delegation in a user's tree, with the agent it names, its credentials and what was derived from it. */
    public record Node(Delegation delegation, AgentSummary agent, List<Credential> credentials, List<Node> derived) {
    }

    /** One chain from an agent's delegation up to the root user, nearest first; active when every link is. */
    public record Chain(UUID rootUserId, boolean active, List<Delegation> delegations) {
    }

    private final LineageRows rows;
    private final Transactions transactions;

    LineageQueries(LineageRows rows, Transactions transactions) {
        this.rows = rows;
        this.transactions = transactions;
    }

    /** The tree below a user, every status included; empty when the directory has no such user and no history of one. */
    public Optional<List<Node>> userTree(UUID directoryId, UUID userId) {
        return userTree(directoryId, userId, null);
    }

    /**
     * The tree below a user as it stood at {@code at} (null: now): only what was granted and issued
     * by then, each link in the state it had then (revoked later: shown active).
     */
    public Optional<List<Node>> userTree(UUID directoryId, UUID userId, OffsetDateTime at) {
        return transactions.run(() -> {
            boolean exists = !rows.query("SELECT 1 FROM users WHERE directory_id = ? AND id = ?", rs -> 1,
                    directoryId, userId).isEmpty();
            List<Delegation> all = rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS + " FROM delegations "
                    + "WHERE directory_id = ? AND root_user_id = ? ORDER BY depth, created_at, id",
                    LineageRows::delegation, directoryId, userId);
            if (!exists && all.isEmpty()) {
                return Optional.empty();
            }
            if (at != null) {
                all = all.stream().map(d -> d.asOf(at)).flatMap(Optional::stream).toList();
            }
            UUID[] ids = all.stream().map(Delegation::id).toArray(UUID[]::new);
            Map<UUID, List<Credential>> credentials = new HashMap<>();
            for (Credential c : rows.query("SELECT " + LineageRows.CREDENTIAL_COLUMNS + " FROM credentials "
                    + "WHERE directory_id = ? AND delegation_id = ANY (?::uuid[]) ORDER BY created_at, id",
                    LineageRows::credential, directoryId, ids)) {
                if (at != null && c.asOf(at).isEmpty()) {
                    continue;
                }
                c = at == null ? c : c.asOf(at).orElseThrow();
                credentials.computeIfAbsent(c.delegationId(), k -> new ArrayList<>()).add(c);
            }
            Map<UUID, AgentSummary> agents = agents(directoryId,
                    all.stream().map(Delegation::agentId).distinct().toArray(UUID[]::new), at);
            Map<UUID, Node> nodes = new LinkedHashMap<>();
            List<Node> top = new ArrayList<>();
            for (Delegation d : all) {
                Node n = new Node(d, agents.get(d.agentId()), credentials.getOrDefault(d.id(), List.of()), new ArrayList<>());
                nodes.put(d.id(), n);
                Node parent = d.parentDelegationId() == null ? null : nodes.get(d.parentDelegationId());
                (parent == null ? top : parent.derived()).add(n);
            }
            return Optional.of(top);
        });
    }

    /**
     * The agent as it was at {@code at} (null: now): active or not, and whether it existed (not
     * yet created, or deleted by then: {@code exists} false).
     */
    public AgentSummary agentAt(UUID directoryId, UUID agentId, OffsetDateTime at) {
        return transactions.run(() -> agents(directoryId, new UUID[] {agentId}, at).get(agentId));
    }

    /** Every chain from the agent's delegations (every status) up to their root users; empty when no such agent ever held one. */
    public Optional<List<Chain>> agentChains(UUID directoryId, UUID agentId) {
        return agentChains(directoryId, agentId, null);
    }

    /** The agent's chains as they stood at {@code at} (null: now): delegations granted by then, in their state then. */
    public Optional<List<Chain>> agentChains(UUID directoryId, UUID agentId, OffsetDateTime at) {
        return transactions.run(() -> {
            boolean exists = !rows.query("SELECT 1 FROM agents WHERE directory_id = ? AND id = ?", rs -> 1,
                    directoryId, agentId).isEmpty();
            Map<UUID, List<Delegation>> chains = new LinkedHashMap<>();
            rows.query("""
                    WITH RECURSIVE chain (start_id, id, step) AS (
                        SELECT d.id, d.id, 0 FROM delegations d WHERE d.directory_id = ? AND d.agent_id = ?
                        UNION ALL
                        SELECT c.start_id, d.parent_delegation_id, c.step + 1
                        FROM chain c JOIN delegations d ON d.id = c.id WHERE d.parent_delegation_id IS NOT NULL
                    )
                    SELECT c.start_id, """ + LineageRows.DELEGATION_COLUMNS.replace("id, directory_id", "d.id, d.directory_id")
                    + " FROM chain c JOIN delegations d ON d.id = c.id ORDER BY c.start_id, c.step", rs -> {
                chains.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(LineageRows.delegation(rs));
                return 1;
            }, directoryId, agentId);
            if (!exists && chains.isEmpty()) {
                return Optional.empty();
            }
            List<Chain> out = new ArrayList<>();
            for (List<Delegation> stored : chains.values()) {
                List<Delegation> chain = at == null ? stored
                        : stored.stream().map(d -> d.asOf(at)).flatMap(Optional::stream).toList();
                if (chain.size() < stored.size()) {
                    continue; // not granted yet at that time (a parent is always older than its child)
                }
                out.add(new Chain(chain.get(chain.size() - 1).rootUserId(), chain.stream().allMatch(Delegation::active),
                        chain));
            }
            return Optional.of(out);
        });
    }

    private Map<UUID, AgentSummary> agents(UUID directoryId, UUID[] ids, OffsetDateTime at) throws java.sql.SQLException {
        Map<UUID, AgentSummary> out = new HashMap<>();
        for (AgentSummary a : rows.query("SELECT id, name, active FROM agents WHERE directory_id = ? AND id = ANY (?::uuid[])",
                rs -> new AgentSummary(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3) == null || rs.getBoolean(3), true), directoryId, ids)) {
            out.put(a.id(), a);
        }
        if (at != null) {
            // each agent's last status change at or before the instant; none: it did not exist yet
            Map<UUID, AgentSummary> then = new HashMap<>();
            for (AgentSummary a : rows.query("""
                    SELECT DISTINCT ON (h.agent_id) h.agent_id, h.name, h.active, h.deleted
                    FROM agent_status_history h
                    WHERE h.directory_id = ? AND h.agent_id = ANY (?::uuid[]) AND h.changed_at <= ?
                    ORDER BY h.agent_id, h.changed_at DESC, h.id DESC
                    """, rs -> new AgentSummary(rs.getObject(1, UUID.class), rs.getString(2),
                    rs.getBoolean(3) && !rs.getBoolean(4), !rs.getBoolean(4)), directoryId, ids, at)) {
                AgentSummary now = out.get(a.id());
                then.put(a.id(), new AgentSummary(a.id(), now != null ? now.name() : a.name(), a.active(), a.exists()));
            }
            for (UUID id : ids) {
                AgentSummary now = out.get(id);
                then.putIfAbsent(id, new AgentSummary(id, now == null ? null : now.name(), false, false));
            }
            return then;
        }
        for (UUID id : ids) {
            out.putIfAbsent(id, new AgentSummary(id, null, false, false));
        }
        return out;
    }
}
