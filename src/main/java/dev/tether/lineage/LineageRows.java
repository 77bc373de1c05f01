package dev.tether.lineage;

import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain SQL over delegations and credentials, on the caller's transaction. Values only as bind parameters. */
@ApplicationScoped
class LineageRows {

    static final String DELEGATION_COLUMNS = "id, directory_id, delegator_type, delegator_id, agent_id, "
            + "parent_delegation_id, root_user_id, depth, max_depth, scopes, audience, expires_at, basis_groups, kind, "
            + "status, revoked_at, revoke_reason, revoke_cause, created_at, review_by, reviewed_at, version";
    static final String CREDENTIAL_COLUMNS = "id, directory_id, agent_id, delegation_id, kind, external_id, audience, "
            + "fingerprint, expires_at, status, revoked_at, revoke_reason, revoke_cause, created_at";

    private final DataSource dataSource;

    LineageRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs a query with the given parameters (UUID[] and String[] become arrays) and maps every row. */
    <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... params) throws SQLException {
        return Jdbc.query(dataSource, sql, mapper, params);
    }

    int update(String sql, Object... params) throws SQLException {
        return Jdbc.update(dataSource, sql, params);
    }


    static Delegation delegation(ResultSet rs) throws SQLException {
        Integer maxDepth = (Integer) rs.getObject("max_depth");
        return new Delegation(
                rs.getObject("id", UUID.class), rs.getObject("directory_id", UUID.class),
                rs.getString("delegator_type"), rs.getObject("delegator_id", UUID.class),
                rs.getObject("agent_id", UUID.class), rs.getObject("parent_delegation_id", UUID.class),
                rs.getObject("root_user_id", UUID.class), rs.getInt("depth"), maxDepth,
                Jdbc.texts(rs.getArray("scopes")), rs.getString("audience"),
                rs.getObject("expires_at", OffsetDateTime.class), Jdbc.uuids(rs.getArray("basis_groups")),
                rs.getString("kind"), rs.getString("status"), rs.getObject("revoked_at", OffsetDateTime.class),
                rs.getString("revoke_reason"), rs.getObject("revoke_cause", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("review_by", OffsetDateTime.class),
                rs.getObject("reviewed_at", OffsetDateTime.class), rs.getInt("version"));
    }

    static Credential credential(ResultSet rs) throws SQLException {
        return new Credential(
                rs.getObject("id", UUID.class), rs.getObject("directory_id", UUID.class),
                rs.getObject("agent_id", UUID.class), rs.getObject("delegation_id", UUID.class),
                rs.getString("kind"), rs.getString("external_id"), rs.getString("audience"),
                rs.getString("fingerprint"), rs.getObject("expires_at", OffsetDateTime.class),
                rs.getString("status"), rs.getObject("revoked_at", OffsetDateTime.class),
                rs.getString("revoke_reason"), rs.getObject("revoke_cause", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
