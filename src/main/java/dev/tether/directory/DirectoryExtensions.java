package dev.tether.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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
 * A directory's own extension schemas (V11 {@code directory_extensions}) and its policy for
 * attributes no schema defines. Every change of the extensions moves {@code directories.schema_version}
 * on in the same statement; the SCIM path reads that version with the token and reloads the
 * extensions only when it differs from what it cached, so every replica learns of a change with
 * the directory's next request.
 */
@ApplicationScoped
public class DirectoryExtensions {

    /** One registered extension schema. */
    public record StoredExtension(String schemaUrn, String resourceType, ObjectNode schema, OffsetDateTime created) {
    }

    /** A directory's extensions as of one schema version. */
    public record Snapshot(long version, List<StoredExtension> extensions) {
    }

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final HeldScimTokens heldTokens;

    DirectoryExtensions(DataSource dataSource, ObjectMapper mapper, HeldScimTokens heldTokens) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.heldTokens = heldTokens;
    }

    /** The directory's extensions and their version, read together; empty when the directory is unknown. */
    @Transactional
    public Optional<Snapshot> snapshot(UUID directoryId) {
        if (Directories.isOperatorTrail(directoryId)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            long version;
            try (PreparedStatement ps = c.prepareStatement("SELECT schema_version FROM directories WHERE id = ?")) {
                ps.setObject(1, directoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    version = rs.getLong(1);
                }
            }
            List<StoredExtension> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT schema_urn, resource_type, schema_doc::text, created_at FROM directory_extensions
                    WHERE directory_id = ? ORDER BY created_at, schema_urn""")) {
                ps.setObject(1, directoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredExtension(rs.getString(1), rs.getString(2), Jdbc.readJson(mapper, rs.getString(3)),
                                rs.getObject(4, OffsetDateTime.class)));
                    }
                }
            }
            return Optional.of(new Snapshot(version, List.copyOf(out)));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * Registers an extension the caller has checked. Returns false when the directory is unknown;
     * throws {@link UniquenessException} when it already has a schema with that URN.
     */
    @Transactional
    public boolean add(UUID directoryId, String schemaUrn, String resourceType, ObjectNode schema) {
        if (Directories.isOperatorTrail(directoryId)) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!bumpVersion(c, directoryId)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO directory_extensions (directory_id, schema_urn, resource_type, schema_doc)
                    VALUES (?, ?, ?, ?::jsonb)""")) {
                ps.setObject(1, directoryId);
                ps.setString(2, schemaUrn);
                ps.setString(3, resourceType);
                Jdbc.setJson(ps, 4, mapper, schema);
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new UniquenessException("schema " + schemaUrn + " is already registered for this directory");
            }
            throw new DataAccessException(e);
        }
    }

    /** Removes an extension (URN compared case-insensitively); returns the removed one, if any. */
    @Transactional
    public Optional<StoredExtension> remove(UUID directoryId, String schemaUrn) {
        if (Directories.isOperatorTrail(directoryId)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            Optional<StoredExtension> removed = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM directory_extensions WHERE directory_id = ? AND lower(schema_urn) = lower(?)
                    RETURNING schema_urn, resource_type, schema_doc::text, created_at""")) {
                ps.setObject(1, directoryId);
                ps.setString(2, schemaUrn);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        removed = Optional.of(new StoredExtension(rs.getString(1), rs.getString(2),
                                Jdbc.readJson(mapper, rs.getString(3)), rs.getObject(4, OffsetDateTime.class)));
                    }
                }
            }
            if (removed.isPresent()) {
                bumpVersion(c, directoryId);
            }
            return removed;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** The directory's policy for attributes no schema defines ({@link Directories#REJECT} or {@link Directories#IGNORE}). */
    @Transactional
    public Optional<String> unknownAttributes(UUID directoryId) {
        if (Directories.isOperatorTrail(directoryId)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT unknown_attributes FROM directories WHERE id = ?")) {
            ps.setObject(1, directoryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Sets the policy; takes effect with the directory's next SCIM request. False when the directory is unknown. */
    @Transactional
    public boolean setUnknownAttributes(UUID directoryId, String policy) {
        if (Directories.isOperatorTrail(directoryId)) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE directories SET unknown_attributes = ? WHERE id = ?")) {
            ps.setString(1, policy);
            ps.setObject(2, directoryId);
            heldTokens.forgetAfterCommit(directoryId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Moves the version on; also serialises concurrent changes of one directory's extensions (row lock). */
    private boolean bumpVersion(Connection c, UUID directoryId) throws SQLException {
        heldTokens.forgetAfterCommit(directoryId); // the version is read with the token
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE directories SET schema_version = schema_version + 1 WHERE id = ?")) {
            ps.setObject(1, directoryId);
            return ps.executeUpdate() == 1;
        }
    }
}
