package dev.tether.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.Jdbc;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one query that reads review items with everything a reviewer or an auditor sees: the
 * delegation now, its chain and credentials, the reviewers by name, the reassignments, the
 * usage from the action trail over the review period (from the delegation's grant or last
 * approval to the decision, or to now), and the decision's audit record. One statement for a
 * page, however many items; values only as bind parameters.
 */
final class ReviewItemRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Binds: now, directory id, campaign id, then what {@code condition} binds, then the limit.
     * {@code condition} is a constant fragment over {@code i} (review_items).
     */
    static String select(String condition) {
        return """
                WITH params AS (SELECT ?::timestamptz AS now)
                SELECT i.id, i.campaign_id, i.directory_id, i.delegation_id, d.kind, d.delegator_type, d.delegator_id,
                       CASE WHEN d.delegator_type = 'User' THEN (SELECT u.user_name FROM users u WHERE u.id = d.delegator_id)
                            ELSE (SELECT a.name FROM agents a WHERE a.id = d.delegator_id) END AS delegator_name,
                       i.agent_id, (SELECT a.name FROM agents a WHERE a.id = i.agent_id) AS agent_name,
                       i.root_user_id, (SELECT u.user_name FROM users u WHERE u.id = i.root_user_id) AS root_user_name,
                       i.scopes, d.scopes AS current_scopes, d.audience, d.expires_at, d.review_by, d.status AS delegation_status,
                       (WITH RECURSIVE up (id, parent_id, depth) AS (
                            SELECT d.id, d.parent_delegation_id, d.depth
                            UNION ALL
                            SELECT p.id, p.parent_delegation_id, p.depth FROM delegations p JOIN up ON p.id = up.parent_id)
                        SELECT array_agg(up.id ORDER BY up.depth) FROM up) AS chain,
                       (SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'externalId', c.external_id,
                                                          'audience', c.audience, 'status', c.status)
                                        ORDER BY c.created_at, c.id)::text
                          FROM credentials c WHERE c.delegation_id = i.delegation_id) AS credentials,
                       (SELECT json_agg(json_build_object('id', x.r, 'name', u.user_name) ORDER BY x.o)::text
                          FROM unnest(i.reviewers) WITH ORDINALITY AS x(r, o) LEFT JOIN users u ON u.id = x.r) AS reviewers,
                       i.reviewer_source, i.status, i.decision, i.decided_scopes, i.justification, i.decided_by, i.no_answer,
                       i.decided_at, i.period_start, coalesce(i.decided_at, params.now) AS usage_until,
                       coalesce(use.uses, 0) AS uses, coalesce(use.denials, 0) AS denials, use.last_used, use.used_scopes,
                       (SELECT json_agg(json_build_object('from', ra.from_reviewers, 'to', ra.to_reviewers, 'note', ra.note,
                                                          'actor', ra.actor, 'at', ra.at) ORDER BY ra.seq)::text
                          FROM review_reassignments ra WHERE ra.item_id = i.id) AS reassignments,
                       i.created_at, rec.id AS audit_id, rec.position AS audit_position
                  FROM params, (
                      -- the page first, in the index's order: the joins below then run for its rows only,
                      -- not for the whole campaign before a sort (a planner without statistics on a
                      -- campaign opened in this very transaction would otherwise join all of it)
                      SELECT * FROM review_items i
                       WHERE i.directory_id = ? AND i.campaign_id = ? AND (%s)
                       ORDER BY i.created_at, i.id
                       LIMIT ?) i
                  JOIN delegations d ON d.id = i.delegation_id
                  LEFT JOIN LATERAL (
                      SELECT count(*) FILTER (WHERE a.outcome <> 'denied') AS uses,
                             count(*) FILTER (WHERE a.outcome = 'denied') AS denials,
                             max(a.occurred_at) FILTER (WHERE a.outcome <> 'denied') AS last_used,
                             array_agg(DISTINCT a.action ORDER BY a.action)
                                 FILTER (WHERE a.outcome <> 'denied' AND a.action = ANY (i.scopes)) AS used_scopes
                        FROM agent_actions a
                       WHERE a.directory_id = i.directory_id AND a.chain @> ARRAY[i.delegation_id]
                         AND a.occurred_at >= i.period_start AND a.occurred_at <= coalesce(i.decided_at, params.now)
                  ) use ON true
                  LEFT JOIN LATERAL (
                      SELECT r.id, r.position FROM audit_records r
                       WHERE r.directory_id = i.directory_id AND r.target_id = i.id::text AND r.action = 'review.decide'
                       ORDER BY r.id DESC LIMIT 1
                  ) rec ON true
                 ORDER BY i.created_at, i.id
                """.formatted(condition);
    }

    private ReviewItemRows() {
    }

    static ReviewItem item(ResultSet rs) throws SQLException {
        UUID agentId = rs.getObject("agent_id", UUID.class);
        UUID rootId = rs.getObject("root_user_id", UUID.class);
        List<String> decided = rs.getArray("decided_scopes") == null ? null : Jdbc.texts(rs.getArray("decided_scopes"));
        Long auditId = (Long) rs.getObject("audit_id");
        Long auditPosition = (Long) rs.getObject("audit_position");
        return new ReviewItem(
                rs.getObject("id", UUID.class), rs.getObject("campaign_id", UUID.class),
                rs.getObject("directory_id", UUID.class), rs.getObject("delegation_id", UUID.class), rs.getString("kind"),
                new ReviewItem.Party(rs.getString("delegator_type"), rs.getObject("delegator_id", UUID.class),
                        rs.getString("delegator_name")),
                new ReviewItem.Party("Agent", agentId, rs.getString("agent_name")),
                new ReviewItem.Party("User", rootId, rs.getString("root_user_name")),
                Jdbc.texts(rs.getArray("scopes")), Jdbc.texts(rs.getArray("current_scopes")), rs.getString("audience"),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("review_by", OffsetDateTime.class),
                rs.getString("delegation_status"), Jdbc.uuids(rs.getArray("chain")),
                credentials(rs.getString("credentials")), reviewers(rs.getString("reviewers")),
                rs.getString("reviewer_source"), rs.getString("status"), rs.getString("decision"), decided,
                rs.getString("justification"), rs.getObject("decided_by", UUID.class), rs.getBoolean("no_answer"),
                rs.getObject("decided_at", OffsetDateTime.class), rs.getObject("period_start", OffsetDateTime.class),
                new ReviewItem.Usage(rs.getObject("period_start", OffsetDateTime.class),
                        rs.getObject("usage_until", OffsetDateTime.class), rs.getLong("uses"), rs.getLong("denials"),
                        rs.getObject("last_used", OffsetDateTime.class), Jdbc.texts(rs.getArray("used_scopes"))),
                reassignments(rs.getString("reassignments")), rs.getObject("created_at", OffsetDateTime.class),
                auditId, auditPosition);
    }

    private static JsonNode tree(String json) throws SQLException {
        try {
            return json == null ? JSON.createArrayNode() : JSON.readTree(json);
        } catch (IOException e) {
            throw new SQLException("unreadable review item column", e);
        }
    }

    private static List<ReviewItem.CredentialHandle> credentials(String json) throws SQLException {
        List<ReviewItem.CredentialHandle> out = new ArrayList<>();
        for (JsonNode c : tree(json)) {
            out.add(new ReviewItem.CredentialHandle(UUID.fromString(c.path("id").asText()), c.path("kind").asText(),
                    c.path("externalId").asText(), c.path("audience").asText(), c.path("status").asText()));
        }
        return out;
    }

    private static List<ReviewItem.Party> reviewers(String json) throws SQLException {
        List<ReviewItem.Party> out = new ArrayList<>();
        for (JsonNode r : tree(json)) {
            out.add(new ReviewItem.Party("User", UUID.fromString(r.path("id").asText()), r.path("name").asText(null)));
        }
        return out;
    }

    private static List<ReviewItem.Reassignment> reassignments(String json) throws SQLException {
        List<ReviewItem.Reassignment> out = new ArrayList<>();
        for (JsonNode r : tree(json)) {
            out.add(new ReviewItem.Reassignment(ids(r.path("from")), ids(r.path("to")), r.path("note").asText(),
                    r.at("/actor/type").asText(null), r.at("/actor/id").asText(null),
                    OffsetDateTime.parse(r.path("at").asText())));
        }
        return out;
    }

    private static List<UUID> ids(JsonNode array) {
        List<UUID> out = new ArrayList<>();
        array.forEach(n -> out.add(UUID.fromString(n.asText())));
        return out;
    }
}
