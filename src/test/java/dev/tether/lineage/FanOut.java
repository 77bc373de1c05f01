package dev.tether.lineage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** Builds a wide lineage straight in SQL (the API would take minutes): one user → n agents → k credentials each. */
public final class FanOut {

    private FanOut() {
    }

    public static void build(DataSource dataSource, UUID directoryId, UUID userId, int agents, int credentialsPerAgent)
            throws SQLException {
        String prefix = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH a AS (
                        INSERT INTO agents (id, directory_id, name, active, doc, version, created_at, last_modified)
                        SELECT gen_random_uuid(), ?, ? || '-' || i, true,
                               jsonb_build_object('name', ? || '-' || i, 'active', true), 1, now(), now()
                        FROM generate_series(1, ?) i RETURNING id
                    ), d AS (
                        INSERT INTO delegations (id, directory_id, delegator_type, delegator_id, agent_id, root_user_id,
                                                 depth, scopes, kind, status, created_at, chain)
                        SELECT x.id, ?, 'User', ?, x.agent_id, ?, 1, '{read}', 'grant', 'active', now(), ARRAY[x.id]
                        FROM (SELECT gen_random_uuid() AS id, a.id AS agent_id FROM a) x
                        RETURNING id, agent_id
                    )
                    INSERT INTO credentials (id, directory_id, agent_id, delegation_id, kind, external_id, audience,
                                             status, created_at)
                    SELECT gen_random_uuid(), ?, d.agent_id, d.id, 'api_key', d.id || '-' || k, 'bench', 'active', now()
                    FROM d CROSS JOIN generate_series(1, ?) k
                    """)) {
                ps.setObject(1, directoryId);
                ps.setString(2, prefix);
                ps.setString(3, prefix);
                ps.setInt(4, agents);
                ps.setObject(5, directoryId);
                ps.setObject(6, userId);
                ps.setObject(7, userId);
                ps.setObject(8, directoryId);
                ps.setInt(9, credentialsPerAgent);
                ps.executeUpdate();
            }
        }
    }
}
