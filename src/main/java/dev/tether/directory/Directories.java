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
        Directory directory = new Directory();
        directory.id = UUID.randomUUID();
        directory.name = name;
        directory.createdAt = clock.instant();
        directory.persist();
        return directory;
    }

    @Transactional
    public Optional<Directory> find(UUID id) {
        return isOperatorTrail(id) ? Optional.empty() : Directory.findByIdOptional(id);
    }

    @Transactional
    public List<Directory> list() {
        return Directory.list("id <> ?1 order by createdAt, id", OPERATOR_TRAIL);
    }

    /**
     * Up to {@code limit} directories in creation order, after the one created at
     * {@code afterCreatedAt} with id {@code afterId} (both null: from the first). A keyset page:
     * the cost does not grow with how far the reader has paged.
     */
    @Transactional
    public List<Directory> page(Instant afterCreatedAt, UUID afterId, int limit) {
        if (afterCreatedAt == null) {
            return Directory.<Directory>find("id <> ?1 order by createdAt, id", OPERATOR_TRAIL).range(0, limit - 1).list();
        }
        return Directory.<Directory>find("id <> ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3)) order by createdAt, id",
                OPERATOR_TRAIL, afterCreatedAt, afterId).range(0, limit - 1).list();
    }

    @Transactional
    public long count() {
        return Directory.count("id <> ?1", OPERATOR_TRAIL);
    }

    /**
     * Disables the directory; its tokens stop working on this replica with this commit, and on
     * the others when they hear of it (see {@link HeldScimTokens}). Returns false when the directory is unknown.
     */
    @Transactional
    public boolean disable(UUID id) {
        Optional<Directory> found = find(id);
        found.filter(d -> !d.disabled()).ifPresent(d -> d.disabledAt = clock.instant());
        heldTokens.forgetAfterCommit(id);
        return found.isPresent();
    }

    /**
     * Gives the directory a new name; returns the name it had, empty when it is unknown. Its id,
     * SCIM base URL and tokens stay as they are.
     */
    @Transactional
    public Optional<String> rename(UUID id, String name) {
        return find(id).map(d -> {
            String before = d.name;
            d.name = name;
            return before;
        });
    }

    /**
     * Enables a disabled directory again: its tokens (those neither revoked nor expired) work
     * again, and it takes new delegations and credentials. Returns false when it is unknown.
     */
    @Transactional
    public boolean enable(UUID id) {
        Optional<Directory> found = find(id);
        found.filter(Directory::disabled).ifPresent(d -> d.disabledAt = null);
        heldTokens.forgetAfterCommit(id);
        return found.isPresent();
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
