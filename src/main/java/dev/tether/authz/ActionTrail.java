package dev.tether.authz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.JsonbForm;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The trail from human to agent to action: stores what apps report agents did, each action bound
 * to the chain (credential, every delegation up to the root user) with the state each link was in
 * at the action's {@code occurredAt}, and flags an action done after its credential or a link was
 * already revoked or expired. A report is one transaction: all its actions are stored, recorded
 * on the audit trail and published, or none is. Set-based: a report of any size is a fixed
 * number of statements.
 */
@ApplicationScoped
public class ActionTrail {

    public static final String ACTIVE = "active";

    /** The credential each action names, or the delegation an action named by agent alone rests on then. */
    private static final String RESOLVE = """
            WITH a (n, agent_id, credential_id, credential_ext, credential_aud, at, action) AS (
                SELECT n, agent_id, credential_id, credential_ext, credential_aud, at::timestamptz, action
                FROM unnest(?::bigint[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS u(n, agent_id, credential_id, credential_ext, credential_aud, at, action)
            )
            SELECT a.n, 'credential' AS kind, c.id AS credential_id, c.agent_id, c.delegation_id, c.external_id,
                c.audience, c.created_at, c.revoked_at, c.revoke_reason, c.expires_at
            FROM a JOIN credentials c ON c.directory_id = ? AND c.id = a.credential_id
            UNION ALL
            SELECT a.n, 'credential', c.id, c.agent_id, c.delegation_id, c.external_id, c.audience, c.created_at,
                c.revoked_at, c.revoke_reason, c.expires_at
            FROM a JOIN credentials c ON c.directory_id = ? AND c.external_id = a.credential_ext
                AND (a.credential_aud IS NULL OR c.audience = a.credential_aud)
            WHERE a.credential_id IS NULL
            UNION ALL
            SELECT * FROM (
                SELECT DISTINCT ON (a.n) a.n, 'delegation', NULL::uuid, d.agent_id, d.id, NULL::text, NULL::text,
                    NULL::timestamptz, NULL::timestamptz, NULL::text, NULL::timestamptz
                FROM a JOIN delegations d ON d.directory_id = ? AND d.agent_id = a.agent_id AND d.created_at <= a.at
                WHERE a.credential_id IS NULL AND a.credential_ext IS NULL
                -- the delegation it most plausibly acted under: one in force then, granting the action
                ORDER BY a.n, ((d.revoked_at IS NULL OR d.revoked_at > a.at) AND (d.expires_at IS NULL OR d.expires_at > a.at)) DESC,
                    coalesce(a.action = ANY (d.scopes), false) DESC, d.depth, d.created_at DESC
            ) held
            UNION ALL
            SELECT a.n, 'agent', NULL::uuid, g.id, NULL::uuid, NULL::text, NULL::text, NULL::timestamptz,
                NULL::timestamptz, NULL::text, NULL::timestamptz
            FROM a JOIN agents g ON g.id = a.agent_id AND g.directory_id = ?
            """;

    /** Every link up from each start delegation, with its state at the action's time. */
    private static final String CHAIN = """
            WITH RECURSIVE s (n, start_id, at) AS (
                SELECT n, start_id, at::timestamptz FROM unnest(?::bigint[], ?::uuid[], ?::text[]) AS u(n, start_id, at)
            ),
            chain (n, link_id, hop) AS (
                SELECT n, start_id, 0 FROM s WHERE start_id IS NOT NULL
                UNION ALL
                SELECT c.n, d.parent_delegation_id, c.hop + 1 FROM chain c JOIN delegations d ON d.id = c.link_id
                WHERE d.parent_delegation_id IS NOT NULL AND c.hop < 64
            )
            SELECT c.n, d.id, d.agent_id, d.delegator_type, d.delegator_id, d.root_user_id, d.scopes, d.audience,
                d.expires_at, d.revoked_at, d.revoke_reason,
                CASE WHEN d.created_at > s.at THEN 'not_yet_granted'
                     WHEN d.revoked_at <= s.at THEN 'revoked'
                     WHEN d.expires_at <= s.at THEN 'expired'
                     ELSE 'active' END AS state
            FROM chain c JOIN s ON s.n = c.n JOIN delegations d ON d.id = c.link_id
            ORDER BY c.n, c.hop
            """;

    private static final String INSERT = """
            INSERT INTO agent_actions (id, directory_id, idempotency_key, batch_index, occurred_at, recorded_at, action,
                outcome, target_type, target_id, target_name, decision_id, metadata, agent_id, credential_id, delegation_id,
                root_user_id, chain, binding, after_revocation)
            SELECT id, ?, ?, n, at::timestamptz, ?, action, outcome, target_type, target_id, target_name, decision_id,
                metadata::jsonb, agent_id, credential_id, delegation_id, root_user_id, chain::uuid[], binding::jsonb,
                after_revocation::boolean
            FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[])
                AS u(id, n, at, action, outcome, target_type, target_id, target_name, decision_id, metadata, agent_id,
                     credential_id, delegation_id, root_user_id, chain, binding, after_revocation)
            """;

    static final String COLUMNS = """
            a.id, a.directory_id, a.occurred_at, a.recorded_at, a.action, a.outcome, a.target_type, a.target_id,
            a.target_name, a.decision_id, a.metadata, a.agent_id, a.credential_id, a.delegation_id, a.root_user_id,
            a.chain, a.binding, a.after_revocation, r.id AS audit_record_id, r.position AS audit_position
            FROM agent_actions a
            LEFT JOIN LATERAL (SELECT r.id, r.position FROM audit_records r WHERE r.directory_id = a.directory_id
                AND r.target_id = a.id::text AND r.target_type = 'AgentAction' ORDER BY r.id LIMIT 1) r ON true
            """;

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Event<ActionsRecorded> recorded;

    ActionTrail(DataSource dataSource, Transactions transactions, Clock clock, ObjectMapper mapper,
            Event<ActionsRecorded> recorded) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.clock = clock;
        this.mapper = mapper;
        this.recorded = recorded;
    }

    /** What a report stored; {@code replayed} when its Idempotency-Key had been used with the same body. */
    public record Report(boolean replayed, List<RecordedAction> actions) {
    }

    /**
     * Stores a report of actions.
     *
     * @param idempotencyKey null: no deduplication
     * @param digest         the body's digest, compared when the key was used before
     * @param pointers       where each action is in the body (a JSON Pointer), for refusals
     */
    public Report record(UUID directoryId, String idempotencyKey, String digest, List<ReportedAction> actions,
            List<String> pointers, Cause cause) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (idempotencyKey != null && !claimKey(c, directoryId, idempotencyKey, digest)) {
                    return new Report(true, byKey(c, directoryId, idempotencyKey));
                }
                List<RecordedAction> stored = store(c, directoryId, idempotencyKey, actions, pointers);
                ActionsRecorded fact = new ActionsRecorded(directoryId, stored, cause);
                recorded.fire(fact);
                // answered from what was just written, in the form a replay reads back (byKey): no second read
                List<RecordedAction> answer = new ArrayList<>(stored.size());
                for (int i = 0; i < stored.size(); i++) {
                    answer.add(stored.get(i).withAuditRecord(fact.auditRecords().of(i)));
                }
                return new Report(false, answer);
            }
        });
    }

    /**
     * Records AuthZEN decisions on the trail as actions ({@code metadata.kind} {@code decision}):
     * those naming no agent or credential of the directory are left out, not refused.
     */
    public void recordDecisions(UUID directoryId, List<ReportedAction> decisions, Cause cause) {
        if (decisions.isEmpty()) {
            return;
        }
        transactions.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<RecordedAction> stored = storeResolvable(c, directoryId, decisions);
                if (!stored.isEmpty()) {
                    recorded.fire(new ActionsRecorded(directoryId, stored, cause));
                }
                return stored.size();
            }
        });
    }

    private List<RecordedAction> storeResolvable(Connection c, UUID directoryId, List<ReportedAction> actions)
            throws SQLException {
        Map<Integer, List<ResultRow>> resolved = resolve(c, directoryId, actions);
        List<ReportedAction> kept = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            List<ResultRow> rows = resolved.getOrDefault(i, List.of());
            ReportedAction a = actions.get(i);
            long credentials = rows.stream().filter(r -> r.kind.equals("credential")).count();
            boolean known = a.namesCredential()
                    ? credentials == 1 && rows.stream().filter(r -> r.kind.equals("credential"))
                            .allMatch(r -> a.agentId() == null || a.agentId().equals(r.agentId))
                    : rows.stream().anyMatch(r -> r.kind.equals("agent"));
            if (known) {
                kept.add(a);
            }
        }
        if (kept.isEmpty()) {
            return List.of();
        }
        List<String> pointers = kept.stream().map(a -> "").toList();
        return store(c, directoryId, null, kept, pointers);
    }

    /** True when this report is the key's first; false for a repeat of the same body; refused for another body. */
    private boolean claimKey(Connection c, UUID directoryId, String key, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO action_reports (directory_id, idempotency_key, "
                + "request_digest, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            Jdbc.bind(c, ps, directoryId, key, digest, clock.now());
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_digest FROM action_reports WHERE directory_id = ? AND idempotency_key = ?")) {
            Jdbc.bind(c, ps, directoryId, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getString(1).equals(digest)) {
                    throw new ActionRefusal("", "Idempotency-Key " + key + " was used with another body", true);
                }
            }
        }
        return false;
    }

    private List<RecordedAction> store(Connection c, UUID directoryId, String key, List<ReportedAction> actions,
            List<String> pointers) throws SQLException {
        int size = actions.size();
        Map<Integer, List<ResultRow>> resolved = resolve(c, directoryId, actions);
        UUID[] agents = new UUID[size];
        UUID[] credentials = new UUID[size];
        UUID[] starts = new UUID[size];
        ObjectNode[] credentialBindings = new ObjectNode[size];
        boolean[] credentialCut = new boolean[size];
        for (int i = 0; i < size; i++) {
            ReportedAction a = actions.get(i);
            String at = pointers.get(i);
            List<ResultRow> rows = resolved.getOrDefault(i, List.of());
            if (a.namesCredential()) {
                List<ResultRow> found = rows.stream().filter(r -> r.kind.equals("credential")).toList();
                if (found.isEmpty()) {
                    throw ActionRefusal.at(at + "/credential", "no credential of this directory has that "
                            + (a.credentialId() != null ? "id" : "externalId"));
                }
                if (found.size() > 1) {
                    throw ActionRefusal.at(at + "/credential", "several credentials have that externalId: name its "
                            + "\"audience\" too");
                }
                ResultRow cr = found.get(0);
                if (a.agentId() != null && !a.agentId().equals(cr.agentId)) {
                    throw ActionRefusal.at(at + "/agent", "the credential was not issued to that agent");
                }
                agents[i] = cr.agentId;
                credentials[i] = cr.credentialId;
                starts[i] = cr.delegationId;
                String state = stateAt(cr.createdAt, cr.revokedAt, cr.expiresAt, a.occurredAt(), "not_yet_issued");
                // members in jsonb's order (JsonbForm), so the answer built from it needs no reordering
                ObjectNode binding = mapper.createObjectNode().put("id", cr.credentialId.toString()).put("state", state);
                if (cr.revokedAt != null) {
                    binding.put("reason", cr.revokeReason);
                }
                binding.put("audience", cr.audience);
                if (cr.revokedAt != null) {
                    binding.put("revokedAt", cr.revokedAt.toInstant().toString());
                }
                binding.put("externalId", cr.externalId);
                credentialBindings[i] = binding;
                credentialCut[i] = state.equals("revoked") || state.equals("expired");
            } else {
                if (rows.stream().noneMatch(r -> r.kind.equals("agent"))) {
                    throw ActionRefusal.at(at + "/agent", "no agent of this directory has that id");
                }
                agents[i] = a.agentId();
                starts[i] = rows.stream().filter(r -> r.kind.equals("delegation")).map(r -> r.delegationId).findFirst()
                        .orElse(null);
            }
        }
        Map<Integer, List<ObjectNode>> chains = chains(c, actions, starts);
        OffsetDateTime now = clock.now();
        UUID[] ids = new UUID[size];
        Long[] n = new Long[size];
        String[][] text = new String[12][size];
        UUID[] delegations = new UUID[size];
        UUID[] roots = new UUID[size];
        List<RecordedAction> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ReportedAction a = actions.get(i);
            List<ObjectNode> links = chains.getOrDefault(i, List.of());
            boolean cut = credentialCut[i] || links.stream().anyMatch(l -> l.path("state").asText().equals("revoked")
                    || l.path("state").asText().equals("expired"));
            List<UUID> chain = links.stream().map(l -> UUID.fromString(l.path("id").asText())).toList();
            UUID root = links.isEmpty() ? null : UUID.fromString(links.get(links.size() - 1).path("rootUserId").asText());
            // members in jsonb's order, as the credential's and each link's
            ObjectNode binding = mapper.createObjectNode();
            if (credentialBindings[i] != null) {
                binding.set("credential", credentialBindings[i]);
            }
            if (root != null) {
                binding.put("rootUserId", root.toString());
            }
            ArrayNode linkArray = binding.putArray("delegations");
            links.forEach(linkArray::add);
            ids[i] = UUID.randomUUID();
            n[i] = (long) i;
            delegations[i] = starts[i];
            roots[i] = root;
            // metadata and binding as jsonb will hand them back, so this answer equals every later read
            ObjectNode metadata = JsonbForm.of(a.metadata() == null ? mapper.createObjectNode() : a.metadata());
            binding = JsonbForm.of(binding);
            text[0][i] = a.occurredAt().toString();
            text[1][i] = a.action();
            text[2][i] = a.outcome();
            text[3][i] = a.targetType();
            text[4][i] = a.targetId();
            text[5][i] = a.targetName();
            text[6][i] = a.decisionId();
            text[7][i] = metadata.toString();
            text[8][i] = chain.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
            text[9][i] = binding.toString();
            text[10][i] = Boolean.toString(cut);
            out.add(new RecordedAction(ids[i], directoryId, a.occurredAt(), now, a.action(), a.outcome(), a.targetType(),
                    a.targetId(), a.targetName(), a.decisionId(), metadata, agents[i], credentials[i], starts[i], root,
                    chain, binding, cut, null, null));
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Jdbc.bind(c, ps, directoryId, key, now, ids, n, text[0], text[1], text[2], text[3], text[4], text[5], text[6],
                    text[7], agents, credentials, delegations, roots, text[8], text[9], text[10]);
            ps.executeUpdate();
        }
        return out;
    }

    private static String stateAt(OffsetDateTime created, OffsetDateTime revoked, OffsetDateTime expires,
            OffsetDateTime at, String before) {
        if (created != null && created.isAfter(at)) {
            return before;
        }
        if (revoked != null && !revoked.isAfter(at)) {
            return "revoked";
        }
        if (expires != null && !expires.isAfter(at)) {
            return "expired";
        }
        return ACTIVE;
    }

    private record ResultRow(String kind, UUID credentialId, UUID agentId, UUID delegationId, String externalId,
            String audience, OffsetDateTime createdAt, OffsetDateTime revokedAt, String revokeReason,
            OffsetDateTime expiresAt) {
    }

    private Map<Integer, List<ResultRow>> resolve(Connection c, UUID directoryId, List<ReportedAction> actions)
            throws SQLException {
        int size = actions.size();
        Long[] n = new Long[size];
        UUID[] agents = new UUID[size];
        UUID[] credentialIds = new UUID[size];
        String[] handles = new String[size];
        String[] audiences = new String[size];
        String[] at = new String[size];
        String[] names = new String[size];
        for (int i = 0; i < size; i++) {
            ReportedAction a = actions.get(i);
            n[i] = (long) i;
            agents[i] = a.agentId();
            credentialIds[i] = a.credentialId();
            handles[i] = a.credentialId() == null ? a.credentialExternalId() : null;
            audiences[i] = a.credentialAudience();
            at[i] = a.occurredAt().toString();
            names[i] = a.action();
        }
        Map<Integer, List<ResultRow>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RESOLVE)) {
            Jdbc.bind(c, ps, n, agents, credentialIds, handles, audiences, at, names, directoryId, directoryId, directoryId,
                    directoryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent((int) rs.getLong(1), k -> new ArrayList<>()).add(new ResultRow(rs.getString(2),
                            rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                            rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                            rs.getObject(9, OffsetDateTime.class), rs.getString(10),
                            rs.getObject(11, OffsetDateTime.class)));
                }
            }
        }
        return out;
    }

    private Map<Integer, List<ObjectNode>> chains(Connection c, List<ReportedAction> actions, UUID[] starts)
            throws SQLException {
        int size = actions.size();
        Long[] n = new Long[size];
        String[] at = new String[size];
        for (int i = 0; i < size; i++) {
            n[i] = (long) i;
            at[i] = actions.get(i).occurredAt().toString();
        }
        Map<Integer, List<ObjectNode>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CHAIN)) {
            Jdbc.bind(c, ps, n, starts, at);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // members in jsonb's order (JsonbForm), so the answer built from it needs no reordering
                    OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
                    ObjectNode link = mapper.createObjectNode();
                    link.put("id", rs.getObject("id", UUID.class).toString());
                    link.put("state", rs.getString("state"));
                    if (revoked != null) {
                        link.put("reason", rs.getString("revoke_reason"));
                    }
                    ArrayNode scopes = link.putArray("scopes");
                    Jdbc.texts(rs.getArray("scopes")).forEach(scopes::add);
                    link.put("agentId", rs.getObject("agent_id", UUID.class).toString());
                    link.put("audience", rs.getString("audience"));
                    link.putObject("delegator").put("id", rs.getObject("delegator_id", UUID.class).toString())
                            .put("type", rs.getString("delegator_type"));
                    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
                    link.put("expiresAt", expires == null ? null : expires.toInstant().toString());
                    if (revoked != null) {
                        link.put("revokedAt", revoked.toInstant().toString());
                    }
                    link.put("rootUserId", rs.getObject("root_user_id", UUID.class).toString());
                    out.computeIfAbsent((int) rs.getLong("n"), k -> new ArrayList<>()).add(link);
                }
            }
        }
        return out;
    }

    /** Filters of {@link #find}; null means any. {@code delegation} matches any delegation on the action's chain. */
    public record Query(UUID user, UUID agent, UUID delegation, UUID credential, OffsetDateTime from, OffsetDateTime to) {
    }

    /** A keyset page in {@code occurredAt} order after ({@code afterAt}, {@code afterId}). */
    public List<RecordedAction> find(UUID directoryId, Query q, OffsetDateTime afterAt, UUID afterId, int limit) {
        return transactions.run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + """
                    WHERE a.directory_id = ? AND (?::uuid IS NULL OR a.root_user_id = ?)
                      AND (?::uuid IS NULL OR a.agent_id = ?) AND (?::uuid IS NULL OR a.chain @> ARRAY[?::uuid])
                      AND (?::uuid IS NULL OR a.credential_id = ?)
                      AND (?::timestamptz IS NULL OR a.occurred_at >= ?) AND (?::timestamptz IS NULL OR a.occurred_at < ?)
                      AND (?::timestamptz IS NULL OR (a.occurred_at, a.id) > (?::timestamptz, ?::uuid))
                    ORDER BY a.occurred_at, a.id LIMIT ?
                    """)) {
                Jdbc.bind(c, ps, directoryId, q.user(), q.user(), q.agent(), q.agent(), q.delegation(), q.delegation(),
                        q.credential(), q.credential(), q.from(), q.from(), q.to(), q.to(), afterAt, afterAt, afterId, limit);
                return read(ps);
            }
        });
    }

    /** The names of the root users and agents a page of actions names, as they are now (gone: absent). */
    public record Names(Map<UUID, String> users, Map<UUID, String> agents) {
    }

    public Names names(UUID directoryId, List<RecordedAction> actions) {
        UUID[] users = actions.stream().map(RecordedAction::rootUserId).filter(java.util.Objects::nonNull).distinct()
                .toArray(UUID[]::new);
        UUID[] agents = actions.stream().map(RecordedAction::agentId).distinct().toArray(UUID[]::new);
        return transactions.read(dataSource, c -> {
            Map<UUID, String> userNames = new HashMap<>();
            Map<UUID, String> agentNames = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT 'U', id, user_name FROM users WHERE directory_id = ? AND id = ANY (?::uuid[])
                    UNION ALL
                    SELECT 'A', id, name FROM agents WHERE directory_id = ? AND id = ANY (?::uuid[])
                    """)) {
                Jdbc.bind(c, ps, directoryId, users, directoryId, agents);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        (rs.getString(1).equals("U") ? userNames : agentNames).put(rs.getObject(2, UUID.class),
                                rs.getString(3));
                    }
                }
            }
            return new Names(userNames, agentNames);
        });
    }

    private List<RecordedAction> byKey(Connection c, UUID directoryId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " WHERE a.directory_id = ? AND a.idempotency_key = ? ORDER BY a.batch_index")) {
            Jdbc.bind(c, ps, directoryId, key);
            return read(ps);
        }
    }

    private List<RecordedAction> read(PreparedStatement ps) throws SQLException {
        List<RecordedAction> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Long position = (Long) rs.getObject("audit_position");
                Long record = (Long) rs.getObject("audit_record_id");
                out.add(new RecordedAction(rs.getObject("id", UUID.class), rs.getObject("directory_id", UUID.class),
                        rs.getObject("occurred_at", OffsetDateTime.class), rs.getObject("recorded_at", OffsetDateTime.class),
                        rs.getString("action"), rs.getString("outcome"), rs.getString("target_type"),
                        rs.getString("target_id"), rs.getString("target_name"), rs.getString("decision_id"),
                        Jdbc.readJson(mapper, rs.getString("metadata")), rs.getObject("agent_id", UUID.class),
                        rs.getObject("credential_id", UUID.class), rs.getObject("delegation_id", UUID.class),
                        rs.getObject("root_user_id", UUID.class), Jdbc.uuids(rs.getArray("chain")),
                        Jdbc.readJson(mapper, rs.getString("binding")), rs.getBoolean("after_revocation"), record,
                        position));
            }
        }
        return out;
    }
}
