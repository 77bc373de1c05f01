package dev.tether.lineage;

import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Records, reads and revokes credentials. Tether stores the handle of a secret, never the secret. */
@ApplicationScoped
public class Credentials {

    private final Clock clock;

    public static final Set<String> KINDS = Set.of("api_key", "oauth_client", "token", "spiffe_id", "certificate",
            "ssh_key", "other");
    static final int MAX_TEXT = 1000;

    /** A request to record a credential. */
    public record Issue(UUID agentId, UUID delegationId, String kind, String externalId, String audience,
            OffsetDateTime expiresAt, String fingerprint) {
    }

    /** A handle a downstream app asks about. */
    public record Handle(String audience, String externalId) {
    }

    /** The answer for one handle: the credential (null when unknown) and its chain of delegation ids, nearest first. */
    /**
     * {@code directoryDisabled}: the credential's directory is disabled, so the credential must
     * be treated as inactive whatever its own status (it is not revoked: enabling the directory
     * again brings it back, unless it expired or was revoked meanwhile).
     */
    public record Status(Handle handle, Credential credential, List<UUID> chain, UUID rootUserId,
            boolean directoryDisabled) {
    }

    private final LineageRows rows;
    private final DelegatorLocks locks;
    private final Transactions transactions;
    private final Event<RevocationBatch> revocations;
    private final Event<CredentialRegistered> registered;
    private final UserHolds holds;

    Credentials(LineageRows rows, DelegatorLocks locks, Transactions transactions, Event<RevocationBatch> revocations,
            Event<CredentialRegistered> registered, Clock clock, UserHolds holds) {
        this.holds = holds;
        this.clock = clock;
        this.rows = rows;
        this.locks = locks;
        this.transactions = transactions;
        this.revocations = revocations;
        this.registered = registered;
    }

    /** @param cause who registers it and why; its actor is the registration's actor on the audit trail */
    public Credential create(UUID directoryId, Issue issue, Cause cause) {
        if (issue.agentId() == null || issue.delegationId() == null) {
            throw LineageRefusal.invalid("\"agentId\" and \"delegationId\" are required");
        }
        if (issue.kind() == null || !KINDS.contains(issue.kind())) {
            throw LineageRefusal.invalid("\"kind\" must be one of api_key, oauth_client, token, spiffe_id, certificate, "
                    + "ssh_key, other");
        }
        if (blank(issue.externalId()) || blank(issue.audience())) {
            throw LineageRefusal.invalid("\"externalId\" and \"audience\" are required");
        }
        if (issue.externalId().length() > MAX_TEXT || issue.audience().length() > MAX_TEXT
                || (issue.fingerprint() != null && issue.fingerprint().length() > MAX_TEXT)) {
            throw LineageRefusal.invalid("\"externalId\", \"audience\" and \"fingerprint\" are at most " + MAX_TEXT
                    + " characters");
        }
        OffsetDateTime now = clock.now();
        if (issue.expiresAt() != null && !issue.expiresAt().isAfter(now)) {
            throw LineageRefusal.invalid("\"expiresAt\" must be in the future");
        }
        return transactions.run(() -> {
            // locks first, checks after: see DelegatorLocks
            locks.requireEnabledDirectory(directoryId);
            locks.lockAgentAndAncestors(directoryId, issue.agentId());
            List<Delegation> found = rows.query("SELECT " + LineageRows.DELEGATION_COLUMNS
                    + " FROM delegations WHERE directory_id = ? AND id = ?", LineageRows::delegation,
                    directoryId, issue.delegationId());
            if (found.isEmpty()) {
                throw LineageRefusal.invalid("no delegation " + issue.delegationId() + " in this directory");
            }
            Delegation d = found.get(0);
            if (!d.agentId().equals(issue.agentId())) {
                throw LineageRefusal.invalid("delegation " + d.id() + " is not held by agent " + issue.agentId());
            }
            if (!d.active()) {
                throw LineageRefusal.conflict("delegation " + d.id() + " is not active");
            }
            List<Boolean> agentActive = rows.query("SELECT active FROM agents WHERE directory_id = ? AND id = ?",
                    rs -> rs.getObject(1) == null || rs.getBoolean(1), directoryId, issue.agentId());
            if (agentActive.isEmpty() || !agentActive.get(0)) {
                throw LineageRefusal.conflict("agent " + issue.agentId() + " is not active");
            }
            holds.refuseIfHeld(directoryId, d.rootUserId());
            UUID id = UUID.randomUUID();
            int inserted = rows.update("INSERT INTO credentials (id, directory_id, agent_id, delegation_id, kind, "
                            + "external_id, audience, fingerprint, expires_at, status, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?) ON CONFLICT DO NOTHING",
                    id, directoryId, issue.agentId(), d.id(), issue.kind(), issue.externalId(), issue.audience(),
                    issue.fingerprint(), issue.expiresAt(), now);
            if (inserted == 0) {
                throw LineageRefusal.conflict("a credential with audience \"" + issue.audience() + "\" and externalId \""
                        + issue.externalId() + "\" is already recorded in this directory");
            }
            Credential created = findIn(directoryId, id).orElseThrow();
            registered.fire(new CredentialRegistered(created, d.rootUserId(), cause,
                    LineageContexts.load(rows, created.agentId(), d.rootUserId(), d.id())));
            return created;
        });
    }

    private static RevocationEvent.Terms terms(Credential c) {
        return new RevocationEvent.Terms(c.kind(), c.externalId(), c.audience(), c.fingerprint(), null, c.expiresAt(), null, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public Optional<Credential> find(UUID directoryId, UUID id) {
        return transactions.run(() -> findIn(directoryId, id));
    }

    private Optional<Credential> findIn(UUID directoryId, UUID id) throws SQLException {
        return rows.query("SELECT " + LineageRows.CREDENTIAL_COLUMNS + " FROM credentials WHERE directory_id = ? AND id = ?",
                LineageRows::credential, directoryId, id).stream().findFirst();
    }

    public List<Credential> list(UUID directoryId, UUID agentId, UUID delegationId, String status, int limit) {
        return list(directoryId, agentId, delegationId, status, null, null, limit);
    }

    /**
     * A keyset page in creation order: up to {@code limit} rows after the one created at
     * {@code afterCreatedAt} with id {@code afterId} (both null: from the first).
     */
    public List<Credential> list(UUID directoryId, UUID agentId, UUID delegationId, String status, OffsetDateTime afterCreatedAt, UUID afterId,
            int limit) {
        return transactions.run(() -> rows.query("SELECT " + LineageRows.CREDENTIAL_COLUMNS + " FROM credentials "
                        + "WHERE directory_id = ? AND (?::uuid IS NULL OR agent_id = ?) "
                        + "AND (?::uuid IS NULL OR delegation_id = ?) AND (?::text IS NULL OR status = ?) "
                        + "AND (?::timestamptz IS NULL OR (created_at, id) > (?::timestamptz, ?::uuid)) "
                        + "ORDER BY created_at, id LIMIT ?", LineageRows::credential,
                directoryId, agentId, agentId, delegationId, delegationId, status, status, afterCreatedAt, afterCreatedAt, afterId, limit));
    }

    /** Revokes one credential (nothing derives from a credential); false when there is no such credential. */
    public boolean revoke(UUID directoryId, UUID id, Cause cause) {
        return transactions.run(() -> {
            OffsetDateTime now = clock.now();
            List<Credential> found = rows.query("SELECT " + LineageRows.CREDENTIAL_COLUMNS + " FROM credentials "
                    + "WHERE directory_id = ? AND id = ? FOR UPDATE", LineageRows::credential, directoryId, id);
            if (found.isEmpty()) {
                return false;
            }
            Credential c = found.get(0);
            if (c.active()) {
                rows.update("UPDATE credentials SET status = 'revoked', revoked_at = ?, revoke_reason = 'manual', "
                        + "revoke_cause = ? WHERE id = ?", now, cause.txn(), id);
                UUID root = rows.query("SELECT root_user_id FROM delegations WHERE id = ?", rs -> rs.getObject(1, UUID.class),
                        c.delegationId()).get(0);
                revocations.fire(new RevocationBatch(cause, List.of(new RevocationEvent(directoryId,
                        RevocationEvent.Kind.CREDENTIAL_REVOKED, root, c.delegationId(), c.agentId(), id,
                        RevocationReason.MANUAL, now, terms(c),
                        LineageContexts.load(rows, c.agentId(), root, c.delegationId())))));
            }
            return true;
        });
    }

    /** Credentials past their expiry in every directory: one statement, nothing cascades from a credential. */
    void revokeExpired(OffsetDateTime now, Cause cause) throws SQLException {
        List<RevocationEvent> facts = rows.query("""
                WITH expired AS (
                    UPDATE credentials c SET status = 'revoked', revoked_at = ?, revoke_reason = 'expired', revoke_cause = ?
                    WHERE c.status = 'active' AND c.expires_at <= ?
                    RETURNING c.id, c.directory_id, c.agent_id, c.delegation_id, c.kind, c.external_id, c.audience,
                              c.fingerprint, c.expires_at
                )
                SELECT e.id, e.directory_id, e.agent_id, e.delegation_id, d.root_user_id, e.kind, e.external_id,
                       e.audience, e.fingerprint, e.expires_at,
                       """ + LineageContexts.columns("e.agent_id", "d.root_user_id", "e.delegation_id") + "\n" + """
                FROM expired e JOIN delegations d ON d.id = e.delegation_id
                """, rs -> new RevocationEvent(rs.getObject(2, UUID.class), RevocationEvent.Kind.CREDENTIAL_REVOKED,
                rs.getObject(5, UUID.class), rs.getObject(4, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(1, UUID.class), RevocationReason.EXPIRED, now,
                new RevocationEvent.Terms(rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), null,
                        rs.getObject(10, OffsetDateTime.class), null, null),
                LineageContexts.read(rs, 11, rs.getObject(3, UUID.class), rs.getObject(5, UUID.class))),
                now, cause.txn(), now);
        if (!facts.isEmpty()) {
            revocations.fire(new RevocationBatch(cause, facts));
        }
    }

    /**
     * The status of each handle, in the order asked, with its chain of delegations up to the root
     * user. {@code directoryId} null looks in every directory (the downstream-app endpoint); a
     * handle recorded in several directories answers with the most recently recorded one.
     */
    public List<Status> status(UUID directoryId, List<Handle> handles) {
        return transactions.run(() -> {
            String[] audiences = handles.stream().map(Handle::audience).toArray(String[]::new);
            String[] externalIds = handles.stream().map(Handle::externalId).toArray(String[]::new);
            Map<Handle, Credential> byHandle = new LinkedHashMap<>();
            for (Credential c : rows.query("SELECT " + prefixed("c", LineageRows.CREDENTIAL_COLUMNS)
                    + " FROM credentials c JOIN unnest(?::text[], ?::text[]) AS h(audience, external_id) "
                    + "ON c.audience = h.audience AND c.external_id = h.external_id "
                    + "WHERE (?::uuid IS NULL OR c.directory_id = ?) ORDER BY c.created_at",
                    LineageRows::credential, audiences, externalIds, directoryId, directoryId)) {
                byHandle.put(new Handle(c.audience(), c.externalId()), c);
            }
            // every chain in one query: walk parent_delegation_id up from each credential's delegation
            UUID[] start = byHandle.values().stream().map(Credential::delegationId).distinct().toArray(UUID[]::new);
            Map<UUID, List<UUID>> chains = new LinkedHashMap<>();
            Map<UUID, UUID> roots = new LinkedHashMap<>();
            rows.query("""
                    WITH RECURSIVE chain (start_id, id, parent_id, root_user_id, step) AS (
                        SELECT d.id, d.id, d.parent_delegation_id, d.root_user_id, 0 FROM delegations d
                        WHERE d.id = ANY (?::uuid[])
                        UNION ALL
                        SELECT c.start_id, d.id, d.parent_delegation_id, d.root_user_id, c.step + 1
                        FROM delegations d JOIN chain c ON d.id = c.parent_id
                    )
                    SELECT start_id, id, root_user_id FROM chain ORDER BY start_id, step
                    """, rs -> {
                UUID s = rs.getObject(1, UUID.class);
                chains.computeIfAbsent(s, k -> new ArrayList<>()).add(rs.getObject(2, UUID.class));
                roots.put(s, rs.getObject(3, UUID.class));
                return 1;
            }, (Object) start);
            UUID[] directories = byHandle.values().stream().map(Credential::directoryId).distinct().toArray(UUID[]::new);
            java.util.Set<UUID> disabled = new java.util.HashSet<>(rows.query(
                    "SELECT id FROM directories WHERE id = ANY (?::uuid[]) AND disabled_at IS NOT NULL",
                    rs -> rs.getObject(1, UUID.class), (Object) directories));
            List<Status> out = new ArrayList<>(handles.size());
            for (Handle h : handles) {
                Credential c = byHandle.get(h);
                out.add(c == null ? new Status(h, null, List.of(), null, false)
                        : new Status(h, c, chains.getOrDefault(c.delegationId(), List.of()), roots.get(c.delegationId()),
                                disabled.contains(c.directoryId())));
            }
            return out;
        });
    }

    private static String prefixed(String alias, String columns) {
        return alias + "." + columns.replace(", ", ", " + alias + ".");
    }
}
