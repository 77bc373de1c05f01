package dev.tether.directory;

import dev.tether.platform.DataAccessException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Creates, reads and disables directories. */
@ApplicationScoped
public class DirectoryService {

    @Inject
    DataSource dataSource;

    @Transactional
    public Directory create(String name) {
        Directory directory = new Directory();
        directory.id = UUID.randomUUID();
        directory.name = name;
        directory.createdAt = now();
        directory.persist();
        return directory;
    }

    @Transactional
    public Optional<Directory> find(UUID id) {
        return Directory.findByIdOptional(id);
    }

    @Transactional
    public List<Directory> list() {
        return Directory.list("order by createdAt, id");
    }

    @Transactional
    public long count() {
        return Directory.count();
    }

    /**
     * Disables the directory; authentication checks disabled_at on every request, so its
     * tokens stop working with this commit. Returns false when the directory is unknown.
     */
    @Transactional
    public boolean disable(UUID id) {
        Optional<Directory> found = Directory.findByIdOptional(id);
        found.filter(d -> !d.disabled()).ifPresent(d -> d.disabledAt = now());
        return found.isPresent();
    }

    /**
     * The ids of the IdP dialect rules switched off for the directory (the SCIM side reads them
     * with the token instead: {@link ScimTokenService#authenticate}); empty when it is unknown.
     */
    @Transactional
    public Optional<List<String>> disabledDialectRules(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT disabled_dialect_rules FROM directories WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Array rules = rs.getArray(1);
                return Optional.of(rules == null ? List.of() : List.of((String[]) rules.getArray()));
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE directories SET disabled_dialect_rules = ? WHERE id = ?")) {
            ps.setArray(1, c.createArrayOf("text", ruleIds.toArray(new String[0])));
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** PostgreSQL keeps microseconds; truncating here makes what we return equal what we store. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
