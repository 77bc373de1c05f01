package dev.tether.directory;

import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Creates, reads and disables directories. The operator trail's pseudo-directory (V9) is not a
 * tenant: it is never found, listed, counted or disabled here.
 */
@ApplicationScoped
public class Directories {

    /**
     * The row that holds the operator trail (audit records of actions that are no one
     * directory's), made by the migration, disabled for good and never given a SCIM token.
     */
    public static final UUID OPERATOR_TRAIL = new UUID(0L, 0L);

    /** directories.unknown_attributes: refuse a request that holds an attribute no schema defines (400). */
    public static final String REJECT = "reject";
    /** directories.unknown_attributes: drop such attributes, write the rest, and say what was dropped. */
    public static final String IGNORE = "ignore";

    public static boolean isOperatorTrail(UUID id) {
        return OPERATOR_TRAIL.equals(id);
    }

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    HeldScimTokens heldTokens;

    @Transactional
    public Directory create(String name) {
        Directory directory = new Directory(UUID.randomUUID(), name, clock.instant(), null);
        Jdbc.execute(dataSource, "INSERT INTO directories (id, name, created_at) VALUES (?, ?, ?)", directory.id, name,
                directory.createdAt);
        return directory;
    }

    @Transactional
    public Optional<Directory> find(UUID id) {
        return isOperatorTrail(id) ? Optional.empty() : Directory.find(dataSource, id);
    }

    /** The operator trail's row, which {@link #find} never answers: for pages that show every trail. */
    @Transactional
    public Directory operatorTrail() {
        return Directory.find(dataSource, OPERATOR_TRAIL).orElseThrow(); // made by migration V9
    }

    @Transactional
    public List<Directory> list() {
        return Jdbc.select(dataSource, "SELECT " + Directory.COLUMNS
                + " FROM directories WHERE id <> ? ORDER BY created_at, id", Directory::read, OPERATOR_TRAIL);
    }

    /**
     * Up to {@code limit} directories in creation order, after the one created at
     * {@code afterCreatedAt} with id {@code afterId} (both null: from the first). A keyset page:
     * the cost does not grow with how far the reader has paged.
     */
    @Transactional
    public List<Directory> page(Instant afterCreatedAt, UUID afterId, int limit) {
        if (afterCreatedAt == null) {
            return Jdbc.select(dataSource, "SELECT " + Directory.COLUMNS
                    + " FROM directories WHERE id <> ? ORDER BY created_at, id LIMIT ?",
                    Directory::read, OPERATOR_TRAIL, limit);
        }
        return Jdbc.select(dataSource, "SELECT " + Directory.COLUMNS
                + " FROM directories WHERE id <> ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?",
                Directory::read, OPERATOR_TRAIL, afterCreatedAt, afterId, limit);
    }

    @Transactional
    public long count() {
        return Jdbc.select(dataSource, "SELECT count(*) FROM directories WHERE id <> ?", rs -> rs.getLong(1),
                OPERATOR_TRAIL).get(0);
    }

    /**
     * Disables the directory; its tokens stop working on this replica with this commit, and on
     * the others when they hear of it (see {@link HeldScimTokens}). Returns false when the directory is unknown.
     */
    @Transactional
    public boolean disable(UUID id) {
        if (find(id).isEmpty()) {
            return false;
        }
        Jdbc.execute(dataSource, "UPDATE directories SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL",
                clock.instant(), id);
        heldTokens.forgetAfterCommit(id);
        return true;
    }

    /**
     * Gives the directory a new name; returns the name it had, empty when it is unknown. Its id,
     * SCIM base URL and tokens stay as they are.
     */
    @Transactional
    public Optional<String> rename(UUID id, String name) {
        if (isOperatorTrail(id)) {
            return Optional.empty();
        }
        // the sub-select reads the row before the update: its name is the old one
        return Jdbc.select(dataSource, "UPDATE directories d SET name = ? FROM (SELECT id, name FROM directories "
                + "WHERE id = ? FOR UPDATE) before WHERE d.id = before.id RETURNING before.name",
                rs -> rs.getString(1), name, id).stream().findFirst();
    }

    /**
     * Enables a disabled directory again: its tokens (those neither revoked nor expired) work
     * again, and it takes new delegations and credentials. Returns false when it is unknown.
     */
    @Transactional
    public boolean enable(UUID id) {
        if (find(id).isEmpty()) {
            return false;
        }
        Jdbc.execute(dataSource, "UPDATE directories SET disabled_at = NULL WHERE id = ? AND disabled_at IS NOT NULL", id);
        heldTokens.forgetAfterCommit(id);
        return true;
    }

    /**
     * The ids of the IdP dialect rules switched off for the directory (the SCIM side reads them
     * with the token instead: {@link ScimTokens#authenticate}); empty when it is unknown.
     */
    @Transactional
    public Optional<List<String>> disabledDialectRules(UUID id) {
        if (isOperatorTrail(id)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT disabled_dialect_rules FROM directories WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(Jdbc.texts(rs.getArray(1)));
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * Replaces the directory's switched-off dialect rules; the caller checks the ids. Takes effect
     * with the next SCIM request. Returns false when the directory is unknown.
     */
    @Transactional
    public boolean setDisabledDialectRules(UUID id, List<String> ruleIds) {
        if (isOperatorTrail(id)) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE directories SET disabled_dialect_rules = ? WHERE id = ?")) {
            ps.setArray(1, c.createArrayOf("text", ruleIds.toArray(new String[0])));
            ps.setObject(2, id);
            heldTokens.forgetAfterCommit(id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
