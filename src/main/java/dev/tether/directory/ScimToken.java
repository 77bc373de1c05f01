package dev.tether.directory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A SCIM bearer token of one directory. Only the SHA-256 of the secret is stored. */
@Entity
@Table(name = "scim_tokens")
public class ScimToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "directory_id", nullable = false)
    public UUID directoryId;

    @Column(name = "token_hash", nullable = false, unique = true)
    public byte[] tokenHash;

    public String description;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
