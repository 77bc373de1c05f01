package dev.tether.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The JDBC conveniences every store shares: binding values (arrays become PostgreSQL arrays, so
 * a batch is one {@code unnest(?::uuid[], ?::text[])} statement), jsonb, arrays read back, and
 * the advisory lock that keeps a periodic job to one replica. Values reach SQL only through here
 * as bind parameters.
 */
public final class Jdbc {

    public static final String UNIQUE_VIOLATION = "23505";

    private Jdbc() {
    }

    /** A row mapper that may throw what JDBC throws. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a query on a connection of its own (joining the caller's transaction) and maps every row. */
    public static <T> List<T> query(javax.sql.DataSource dataSource, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            List<T> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        }
    }

    /** Runs one write statement; returns the rows it touched. */
    public static int update(javax.sql.DataSource dataSource, String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            return ps.executeUpdate();
        }
    }

    /** {@link #query}, with a database failure as a {@link DataAccessException}. */
    public static <T> List<T> select(javax.sql.DataSource dataSource, String sql, RowMapper<T> mapper, Object... params) {
        try {
            return query(dataSource, sql, mapper, params);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** {@link #update}, with a database failure as a {@link DataAccessException}. */
    public static int execute(javax.sql.DataSource dataSource, String sql, Object... params) {
        try {
            return update(dataSource, sql, params);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * Binds {@code params} from position {@code from}: null as SQL NULL, {@code UUID[]} as
     * {@code uuid[]}, {@code String[]} as {@code text[]}, {@code Long[]} as {@code bigint[]}, an
     * {@code Instant} as a {@code timestamptz},
     * everything else as the driver maps it.
     */
    /** @return the position after the last one bound */
    public static int bind(Connection c, PreparedStatement ps, int from, List<?> params) throws SQLException {
        int i = from;
        for (Object p : params) {
            bindOne(c, ps, i++, p);
        }
        return i;
    }

    public static void bind(Connection c, PreparedStatement ps, Object... params) throws SQLException {
        bind(c, ps, 1, Arrays.asList(params));
    }

    private static void bindOne(Connection c, PreparedStatement ps, int i, Object p) throws SQLException {
        if (p == null) {
            ps.setNull(i, Types.NULL);
        } else if (p instanceof UUID[] ids) {
            ps.setArray(i, c.createArrayOf("uuid", ids));
        } else if (p instanceof String[] texts) {
            ps.setArray(i, c.createArrayOf("text", texts));
        } else if (p instanceof Long[] longs) {
            ps.setArray(i, c.createArrayOf("bigint", longs));
        } else if (p instanceof Instant at) {
            ps.setObject(i, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)); // the driver takes no Instant
        } else {
            ps.setObject(i, p);
        }
    }

    public static void setJson(PreparedStatement ps, int index, ObjectMapper mapper, ObjectNode doc) throws SQLException {
        try {
            ps.setObject(index, mapper.writeValueAsString(doc), Types.OTHER);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise document", e);
        }
    }

    public static ObjectNode readJson(ObjectMapper mapper, String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored document is not JSON", e);
        }
    }

    /** A timestamptz column as an Instant; null stays null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    public static List<String> texts(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    public static List<UUID> uuids(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((UUID[]) a.getArray());
    }

    public static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /**
     * Takes the transaction-scoped advisory lock {@code key} if no one holds it: the periodic
     * job that asks runs on one replica at a time, and the lock ends with its transaction.
     */
    public static boolean tryTransactionLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
