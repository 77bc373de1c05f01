package dev.tether.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.HeldWrites;
import dev.tether.platform.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads and writes the rows of one resource table (users, groups, agents): the jsonb document,
 * the indexed columns derived from it, and the version that backs ETags. Every statement is
 * bounded by the directory. Runs on the caller's transaction.
 */
public abstract class ResourceRows {

    protected final DataSource dataSource;
    protected final ObjectMapper mapper;
    private final String table;
    private final String alias;

    protected ResourceRows(DataSource dataSource, ObjectMapper mapper, String table, String alias) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.table = table;
        this.alias = alias;
    }

    /** The columns derived from the document, in the order of {@link #derivedValues}. */
    protected abstract List<String> derivedColumns();

    /** SQL casts for the derived columns' placeholders, e.g. "?" or "?::text[]". */
    protected abstract List<String> derivedPlaceholders();

    protected abstract List<Object> derivedValues(Connection c, ObjectNode doc) throws SQLException;

    public StoredResource insert(UUID directoryId, UUID id, ObjectNode doc, OffsetDateTime now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insertSql())) {
            bindInsert(c, ps, 1, directoryId, id, doc, now);
            ps.executeUpdate();
        }
        return new StoredResource(id, doc, 1, now, now);
    }

    /**
     * As {@link #insert}, held with the transaction's other writes: the row is in the database
     * once the caller has sent them ({@link HeldWrites#send}), and a failure (a taken unique
     * value) surfaces there.
     */
    public StoredResource insertHeld(HeldWrites held, UUID directoryId, UUID id, ObjectNode doc, OffsetDateTime now) {
        held.add(insertSql(), (c, ps, from) -> bindInsert(c, ps, from, directoryId, id, doc, now), null);
        return new StoredResource(id, doc, 1, now, now);
    }

    private String insertSql() {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (id, directory_id, doc, version, created_at, last_modified");
        for (String col : derivedColumns()) {
            sql.append(", ").append(col);
        }
        sql.append(") VALUES (?, ?, ?::jsonb, 1, ?, ?");
        for (String p : derivedPlaceholders()) {
            sql.append(", ").append(p);
        }
        return sql.append(')').toString();
    }

    private int bindInsert(Connection c, PreparedStatement ps, int from, UUID directoryId, UUID id, ObjectNode doc,
            OffsetDateTime now) throws SQLException {
        ps.setObject(from, id);
        ps.setObject(from + 1, directoryId);
        Jdbc.setJson(ps, from + 2, mapper, doc);
        ps.setObject(from + 3, now);
        ps.setObject(from + 4, now);
        return Jdbc.bind(c, ps, from + 5, derivedValues(c, doc));
    }

    public Optional<StoredResource> find(UUID directoryId, UUID id) throws SQLException {
        return select(directoryId, id, "");
    }

    /**
     * Reads the row and locks it until the transaction ends, so concurrent writers to the same
     * resource queue up instead of overwriting each other. NO KEY UPDATE leaves membership
     * inserts (which only need KEY SHARE) free to proceed.
     */
    public Optional<StoredResource> lock(UUID directoryId, UUID id) throws SQLException {
        return select(directoryId, id, " FOR NO KEY UPDATE");
    }

    private Optional<StoredResource> select(UUID directoryId, UUID id, String lockClause) throws SQLException {
        String sql = "SELECT id, doc, version, created_at, last_modified FROM " + table
                + " WHERE directory_id = ? AND id = ?" + lockClause;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(resource(rs)) : Optional.empty();
            }
        }
    }

    /** Writes a new document and moves the version on by one. */
    public StoredResource update(UUID directoryId, StoredResource current, ObjectNode doc, OffsetDateTime now)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(updateSql() + " RETURNING version")) {
            bindUpdate(c, ps, 1, directoryId, current, doc, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundInDirectoryException(table, current.id());
                }
                return new StoredResource(current.id(), doc, rs.getLong(1), current.created(), now);
            }
        }
    }

    /**
     * As {@link #update}, held with the transaction's other writes until the caller sends them
     * ({@link HeldWrites#send}). Only for a row this transaction has {@link #lock locked}: nobody
     * else can move its version on meanwhile, so the new version is known without asking.
     */
    public StoredResource updateHeld(HeldWrites held, UUID directoryId, StoredResource lockedCurrent, ObjectNode doc,
            OffsetDateTime now) {
        held.add(updateSql(), (c, ps, from) -> bindUpdate(c, ps, from, directoryId, lockedCurrent, doc, now), null);
        return new StoredResource(lockedCurrent.id(), doc, lockedCurrent.version() + 1, lockedCurrent.created(), now);
    }

    private String updateSql() {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table)
                .append(" SET doc = ?::jsonb, version = version + 1, last_modified = ?");
        List<String> cols = derivedColumns();
        List<String> placeholders = derivedPlaceholders();
        for (int i = 0; i < cols.size(); i++) {
            sql.append(", ").append(cols.get(i)).append(" = ").append(placeholders.get(i));
        }
        return sql.append(" WHERE directory_id = ? AND id = ?").toString();
    }

    private int bindUpdate(Connection c, PreparedStatement ps, int from, UUID directoryId, StoredResource current,
            ObjectNode doc, OffsetDateTime now) throws SQLException {
        Jdbc.setJson(ps, from, mapper, doc);
        ps.setObject(from + 1, now);
        int at = Jdbc.bind(c, ps, from + 2, derivedValues(c, doc));
        ps.setObject(at, directoryId);
        ps.setObject(at + 1, current.id());
        return at + 2;
    }

    /** Moves the version and lastModified on without touching the document (membership changes). */
    public long touch(UUID directoryId, UUID id, OffsetDateTime now) throws SQLException {
        String sql = "UPDATE " + table + " SET version = version + 1, last_modified = ? "
                + "WHERE directory_id = ? AND id = ? RETURNING version";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, now);
            ps.setObject(2, directoryId);
            ps.setObject(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    public boolean delete(UUID directoryId, UUID id) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE directory_id = ? AND id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Exact number of rows the query's condition selects. */
    /**
     * The page a list query asks for and the total it selects. The page is read first: when it
     * starts at the first row and is not full, its size is the total, so the common IdP lookup
     * ({@code userName eq "…"}) costs one statement, not a count and a page.
     */
    public ResourcePage list(UUID directoryId, ResourceQuery query) throws SQLException {
        if (query.limit() == 0) {
            return new ResourcePage(count(directoryId, query), List.of());
        }
        List<StoredResource> page = page(directoryId, query);
        if (query.offset() == 0 && page.size() < query.limit()) {
            return new ResourcePage(page.size(), page);
        }
        return new ResourcePage(count(directoryId, query), page);
    }

    public long count(UUID directoryId, ResourceQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(table).append(' ').append(alias)
                .append(" WHERE ").append(alias).append(".directory_id = ?");
        if (query.where() != null) {
            sql.append(" AND (").append(query.where()).append(')');
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setObject(1, directoryId);
            Jdbc.bind(c, ps, 2, query.whereParams());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * One page of rows. Ties (and the no-sortBy case) are broken by creation time and id, so
     * paging with startIndex/count sees every row exactly once while nothing is inserted.
     */
    public List<StoredResource> page(UUID directoryId, ResourceQuery query) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(pageSql(query, "", ""))) {
            bindPage(c, ps, 1, directoryId, query);
            List<StoredResource> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(resource(rs));
                }
            }
            return out;
        }
    }

    /**
     * The statement of {@link #page}, with {@code extraColumns} (each starting with a comma) and
     * {@code extraJoin} (whose parameters come first) for a subclass that reads more per row.
     */
    protected String pageSql(ResourceQuery query, String extraColumns, String extraJoin) {
        StringBuilder sql = new StringBuilder("SELECT ").append(alias).append(".id, ").append(alias).append(".doc, ")
                .append(alias).append(".version, ").append(alias).append(".created_at, ").append(alias)
                .append(".last_modified").append(extraColumns).append(" FROM ").append(table).append(' ').append(alias)
                .append(extraJoin).append(" WHERE ").append(alias).append(".directory_id = ?");
        if (query.where() != null) {
            sql.append(" AND (").append(query.where()).append(')');
        }
        sql.append(" ORDER BY ");
        if (query.orderBy() != null) {
            sql.append(query.orderBy()).append(query.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ");
        }
        sql.append(alias).append(".created_at, ").append(alias).append(".id LIMIT ? OFFSET ?");
        return sql.toString();
    }

    /** Binds {@link #pageSql}'s own parameters from position {@code first}. */
    protected void bindPage(Connection c, PreparedStatement ps, int first, UUID directoryId, ResourceQuery query)
            throws SQLException {
        ps.setObject(first, directoryId);
        int next = first + 1;
        Jdbc.bind(c, ps, next, query.whereParams());
        next += query.whereParams().size();
        Jdbc.bind(c, ps, next, query.orderParams());
        next += query.orderParams().size();
        ps.setInt(next++, query.limit());
        ps.setInt(next, query.offset());
    }

    /** Maps columns id, doc, version, created_at, last_modified. */
    protected StoredResource resource(ResultSet rs) throws SQLException {
        return new StoredResource(
                rs.getObject("id", UUID.class),
                Jdbc.readJson(mapper, rs.getString("doc")),
                rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("last_modified", OffsetDateTime.class));
    }
}
