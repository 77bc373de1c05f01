package dev.tether.directory;

import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Issues, lists, revokes and checks the SCIM bearer tokens of directories. */
@ApplicationScoped
public class ScimTokens {

    public static final String TOKEN_PREFIX = "tether_";

    /** last_used_at is a hint for operators, not an audit trail: one write a minute per token is enough. */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    /** Far longer than any real token; stops hashing of arbitrarily large headers. */
    private static final int MAX_TOKEN_LENGTH = 256;

    private final SecureRandom random = new SecureRandom();
    private final DataSource dataSource;
    private final Clock clock;
    private final HeldScimTokens held;

    public ScimTokens(DataSource dataSource, Clock clock, HeldScimTokens held) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.held = held;
    }

    /** Thrown when a token is asked for a directory that is unknown or disabled. */
    public static class DirectoryUnavailableException extends RuntimeException {
        public final boolean exists;

        DirectoryUnavailableException(boolean exists) {
            super(exists ? "directory is disabled" : "directory not found");
            this.exists = exists;
        }
    }

    /** The stored form of a token: SHA-256 of its UTF-8 bytes. Other code relies on this exact rule. */
    public static byte[] hash(String token) {
        return Sha256.of(token);
    }

    /** Issues a new token; existing tokens stay valid so an IdP can be switched over without downtime. */
    @Transactional
    public IssuedScimToken issue(UUID directoryId, String description, Instant expiresAt) {
        Optional<Directory> directory = Directories.isOperatorTrail(directoryId) ? Optional.empty()
                : Directory.find(dataSource, directoryId);
        if (directory.isEmpty() || directory.get().disabled()) {
            throw new DirectoryUnavailableException(directory.isPresent());
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        Instant createdAt = clock.instant();
        Jdbc.execute(dataSource, "INSERT INTO scim_tokens (id, directory_id, token_hash, description, created_at, "
                + "expires_at) VALUES (?, ?, ?, ?, ?, ?)", id, directoryId, hash(token), description, createdAt, expiresAt);
        return new IssuedScimToken(id, directoryId, token, createdAt, expiresAt);
    }

    /** The tokens of a directory, oldest first. Secrets are not stored, so none can leak from here. */
    @Transactional
    public List<ScimToken> list(UUID directoryId) {
        return Jdbc.select(dataSource, "SELECT " + ScimToken.COLUMNS
                + " FROM scim_tokens WHERE directory_id = ? ORDER BY created_at, id", ScimToken::read, directoryId);
    }

    /** A token of the directory, as it is now; empty when no such token belongs to it. */
    @Transactional
    public Optional<ScimToken> find(UUID directoryId, UUID tokenId) {
        if (Directories.isOperatorTrail(directoryId)) {
            return Optional.empty();
        }
        return Jdbc.select(dataSource, "SELECT " + ScimToken.COLUMNS + " FROM scim_tokens WHERE id = ? AND directory_id = ?",
                ScimToken::read, tokenId, directoryId).stream().findFirst();
    }

    /** What a token is now: revoked (whatever its expiry), else expired, else active. */
    public enum State {
        ACTIVE("revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"),
        REVOKED("revoked_at IS NOT NULL"),
        EXPIRED("revoked_at IS NULL AND expires_at <= ?");

        /** A condition on the token's row; a {@code ?} in it stands for now. */
        final String condition;

        State(String condition) {
            this.condition = condition;
        }
    }

    /**
     * Up to {@code limit} tokens of the directory in issue order, after the one issued at
     * {@code afterCreatedAt} with id {@code afterId} (both null: from the first), optionally
     * only those in {@code state}. A keyset page.
     */
    @Transactional
    public List<ScimToken> page(UUID directoryId, State state, Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + ScimToken.COLUMNS + " FROM scim_tokens WHERE directory_id = ?");
        List<Object> params = new ArrayList<>(List.of(directoryId));
        if (state != null) {
            sql.append(" AND ").append(state.condition);
            if (state.condition.contains("?")) {
                params.add(clock.instant());
            }
        }
        if (afterCreatedAt != null) {
            sql.append(" AND (created_at, id) > (?, ?)");
            params.add(afterCreatedAt);
            params.add(afterId);
        }
        sql.append(" ORDER BY created_at, id LIMIT ?");
        params.add(limit);
        return Jdbc.select(dataSource, sql.toString(), ScimToken::read, params.toArray());
    }

    /** Revokes a token of the directory. Returns false when no such token belongs to it. */
    @Transactional
    public boolean revoke(UUID directoryId, UUID tokenId) {
        if (find(directoryId, tokenId).isEmpty()) {
            return false;
        }
        Jdbc.execute(dataSource, "UPDATE scim_tokens SET revoked_at = ? WHERE id = ? AND directory_id = ? "
                + "AND revoked_at IS NULL", clock.instant(), tokenId, directoryId);
        held.forgetAfterCommit(directoryId);
        return true;
    }

    /**
     * Makes an active token of the directory stop working at {@code at} (sooner if it already
     * expires sooner): the old half of a rotation, which keeps working while the IdP is switched
     * to the new token. Returns the token as it now is; empty when no such active token belongs
     * to the directory.
     */
    @Transactional
    public Optional<ScimToken> expireBy(UUID directoryId, UUID tokenId, Instant at) {
        if (Directories.isOperatorTrail(directoryId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ScimToken> found = Jdbc.select(dataSource, "UPDATE scim_tokens SET expires_at = "
                + "CASE WHEN expires_at IS NULL OR expires_at > ? THEN ? ELSE expires_at END "
                + "WHERE id = ? AND directory_id = ? AND revoked_at IS NULL "
                + "AND (expires_at IS NULL OR expires_at > ?) RETURNING " + ScimToken.COLUMNS,
                ScimToken::read, at, at, tokenId, directoryId, now).stream().findFirst();
        held.forgetAfterCommit(directoryId);
        return found;
    }

    /**
     * Checks a bearer token against the directory named in the request. Empty unless the token
     * exists, belongs to that directory, is neither revoked nor expired, and the directory is
     * enabled. The secret is found by the unique index on its hash, so no secret is ever
     * compared in Java.
     *
     * <p>This runs before every SCIM request: a token verified a moment ago is answered from
     * {@link HeldScimTokens} (see there for how late a change takes effect); otherwise it is one
     * plain autocommit statement: the check, and at most once a minute per token the last_used_at
     * hint, in a single round trip.
     */
    public Optional<AuthenticatedScimToken> authenticate(UUID directoryId, String bearer) {
        if (!wellFormed(directoryId, bearer)) {
            return Optional.empty();
        }
        byte[] hash = hash(bearer);
        Instant now = clock.instant();
        Optional<AuthenticatedScimToken> heldToken = held.find(directoryId, hash, now);
        if (heldToken.isPresent()) {
            return heldToken;
        }
        long generation = held.generation();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(AUTHENTICATE)) {
            ps.setBytes(1, hash);
            ps.setObject(2, directoryId);
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            ps.setObject(3, at);
            ps.setObject(4, at);
            ps.setObject(5, at.minus(LAST_USED_GRANULARITY));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> rules = Jdbc.texts(rs.getArray(2));
                AuthenticatedScimToken token = new AuthenticatedScimToken(directoryId, rs.getObject(1, UUID.class), rules,
                        Directories.IGNORE.equals(rs.getString(3)), rs.getLong(4));
                OffsetDateTime expiresAt = rs.getObject(5, OffsetDateTime.class);
                held.hold(hash, token, expiresAt == null ? null : expiresAt.toInstant(), now, generation);
                return Optional.of(token);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * The token's verification if this replica holds one, without touching the database: the
     * SCIM filter asks this on the event loop before handing a request to a worker thread.
     */
    public Optional<AuthenticatedScimToken> authenticateHeld(UUID directoryId, String bearer) {
        if (!wellFormed(directoryId, bearer)) {
            return Optional.empty();
        }
        return held.find(directoryId, hash(bearer), clock.instant());
    }

    private static boolean wellFormed(UUID directoryId, String bearer) {
        return directoryId != null && !Directories.isOperatorTrail(directoryId) && bearer != null
                && bearer.length() <= MAX_TOKEN_LENGTH && bearer.startsWith(TOKEN_PREFIX);
    }

    /**
     * Whether a directory with this id exists (enabled or not): failed authentications are
     * recorded for real directories only, so ids that name nothing cannot crowd them out.
     * Asked only after a failed check, which the caller rate-limits.
     */
    public boolean directoryExists(UUID directoryId) {
        if (directoryId == null || Directories.isOperatorTrail(directoryId)) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM directories WHERE id = ?)")) {
            ps.setObject(1, directoryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * The valid token's id and expiry and its directory's SCIM settings (dialect rules switched off,
     * unknown-attribute policy, schema version). The UPDATE (a data-modifying CTE runs whether or not the outer
     * query reads it) touches last_used_at only when it is a minute old, so concurrent
     * requests and replicas write it at most about once a minute.
     */
    private static final String AUTHENTICATE = """
            WITH valid AS (
                SELECT t.id, d.disabled_dialect_rules, d.unknown_attributes, d.schema_version, t.expires_at
                FROM scim_tokens t JOIN directories d ON d.id = t.directory_id
                WHERE t.token_hash = ? AND t.directory_id = ? AND t.revoked_at IS NULL
                  AND (t.expires_at IS NULL OR t.expires_at > ?) AND d.disabled_at IS NULL
            ), used AS (
                UPDATE scim_tokens t SET last_used_at = ? FROM valid v
                WHERE t.id = v.id AND (t.last_used_at IS NULL OR t.last_used_at <= ?)
            )
            SELECT id, disabled_dialect_rules, unknown_attributes, schema_version, expires_at FROM valid""";
}
