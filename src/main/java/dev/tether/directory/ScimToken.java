package dev.tether.directory;

import dev.tether.platform.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * A SCIM bearer token of one directory, as an operator sees it: never its secret, which is not
 * stored (only its SHA-256, which this does not carry either). A row of {@code scim_tokens}.
 */
public final class ScimToken {

    /** The columns {@link #read} reads. */
    static final String COLUMNS = "id, directory_id, description, created_at, expires_at, revoked_at, last_used_at";

    public final UUID id;
    public final UUID directoryId;
    public final String description;
    public final Instant createdAt;
    public final Instant expiresAt;
    public final Instant revokedAt;
    public final Instant lastUsedAt;

    ScimToken(UUID id, UUID directoryId, String description, Instant createdAt, Instant expiresAt, Instant revokedAt,
            Instant lastUsedAt) {
        this.id = id;
        this.directoryId = directoryId;
        this.description = description;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.revokedAt = revokedAt;
        this.lastUsedAt = lastUsedAt;
    }

    static ScimToken read(ResultSet rs) throws SQLException {
        return new ScimToken(rs.getObject("id", UUID.class), rs.getObject("directory_id", UUID.class),
                rs.getString("description"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"),
                Jdbc.instant(rs, "revoked_at"), Jdbc.instant(rs, "last_used_at"));
    }
}
