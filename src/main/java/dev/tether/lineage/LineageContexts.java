package dev.tether.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL that reads a {@link LineageContext} alongside a row: five columns computed from the
 * row's agent, root user and delegation, so a statement returning thousands of revocations
 * returns their names in the same round trip. The chain walks {@code parent_delegation_id} up
 * from the row's delegation.
 */
final class LineageContexts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many columns {@link #columns} adds. */
    static final int COLUMNS = 5;

    private LineageContexts() {
    }

    /**
     * The five context columns; the arguments are column expressions of the enclosing query
     * (constants of the calling code, never request text).
     */
    static String columns(String agentId, String rootUserId, String delegationId) {
        return """
                (SELECT ag.name FROM agents ag WHERE ag.id = %1$s) AS ctx_agent_name,
                (SELECT ag.external_id FROM agents ag WHERE ag.id = %1$s) AS ctx_agent_external_id,
                (SELECT u.user_name FROM users u WHERE u.id = %2$s) AS ctx_root_user_name,
                (SELECT u.external_id FROM users u WHERE u.id = %2$s) AS ctx_root_external_id,
                (WITH RECURSIVE up (id, parent_id, scopes, depth) AS (
                     SELECT dl.id, dl.parent_delegation_id, dl.scopes, dl.depth FROM delegations dl WHERE dl.id = %3$s
                     UNION ALL
                     SELECT p.id, p.parent_delegation_id, p.scopes, p.depth FROM delegations p JOIN up ON p.id = up.parent_id)
                 SELECT json_agg(json_build_object('id', up.id, 'scopes', up.scopes) ORDER BY up.depth)::text FROM up)
                    AS ctx_chain""".formatted(agentId, rootUserId, delegationId);
    }

    /** A query for one context by ids (a grant or a registration): binds agent, root user, delegation. */
    static final String ONE = "SELECT " + columns("r.agent_id", "r.root_user_id", "r.delegation_id")
            + " FROM (SELECT ?::uuid AS agent_id, ?::uuid AS root_user_id, ?::uuid AS delegation_id) r";

    /** Reads the five columns starting at {@code first}. */
    static LineageContext read(ResultSet rs, int first, UUID agentId, UUID rootUserId) throws SQLException {
        LineageContext.Agent agent = agentId == null ? null
                : new LineageContext.Agent(agentId, rs.getString(first), rs.getString(first + 1));
        String userName = rs.getString(first + 2);
        LineageContext.RootUser root = rootUserId == null ? null
                : new LineageContext.RootUser(rootUserId, userName, rs.getString(first + 3));
        return new LineageContext(agent, root, chain(rs.getString(first + 4)));
    }

    static LineageContext load(LineageRows rows, UUID agentId, UUID rootUserId, UUID delegationId) throws SQLException {
        return rows.query(ONE, rs -> read(rs, 1, agentId, rootUserId), agentId, rootUserId, delegationId).get(0);
    }

    private static List<LineageContext.Link> chain(String json) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try {
            List<LineageContext.Link> links = new ArrayList<>();
            for (JsonNode link : JSON.readTree(json)) {
                List<String> scopes = new ArrayList<>();
                link.path("scopes").forEach(s -> scopes.add(s.asText()));
                links.add(new LineageContext.Link(UUID.fromString(link.path("id").asText()), scopes));
            }
            return links;
        } catch (IOException e) {
            throw new SQLException("unreadable delegation chain", e);
        }
    }
}
