package dev.tether.security;

import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.Directories;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import dev.tether.platform.LinksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The one mechanism behind every time-limited link (sign-in, setup, subscriber portal, review):
 * a 256-bit random token shown once and stored as SHA-256, scoped to one object, with a bounded
 * lifetime, bound to the first browser that opens it (that browser then holds a secret whose
 * hash the link keeps), revocable. Made, first used and revoked are audit records, like a SCIM
 * token's issue: in the object's directory trail for a setup link, in the operator trail
 * otherwise. A refusal says only that the link cannot be used, never what it was for.
 */
@ApplicationScoped
public class TimeLimitedLinks {

    /** Printed before the token so a leaked one is recognisable in logs and scanners. */
    public static final String TOKEN_PREFIX = "tl_";
    static final String BROWSER_PREFIX = "tlb_";

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    SecretTokens secrets;

    @Inject
    AuditLog audit;

    @Inject
    LinksConfig config;

    /** A lifetime of zero or less, or beyond {@code tether.links.max-lifetime}. */
    public static class LifetimeOutOfBounds extends RuntimeException {
        public final Duration max;

        LifetimeOutOfBounds(Duration max) {
            super("a link's lifetime must be more than 0 and at most " + max);
            this.max = max;
        }
    }

    /** A link made: its token, which is not stored and so is shown only now. */
    public record IssuedLink(TimeLimitedLink link, String token) {
    }

    /** What opening a link came to. */
    public enum Outcome {
        /** The first opening: the link is now bound to this browser, which gets {@code browserSecret}. */
        FIRST_USE,
        /** The browser it is bound to, again. */
        SAME_BROWSER,
        /** Unknown token. */
        UNKNOWN,
        EXPIRED,
        REVOKED,
        /** A single-use link (sign-in) opened a second time. */
        SPENT,
        /** Another browser than the one that first opened it. */
        OTHER_BROWSER;

        public boolean usable() {
            return this == FIRST_USE || this == SAME_BROWSER;
        }
    }

    /** The link (absent when unknown), and for a first use the secret the browser is to hold. */
    public record Opening(Outcome outcome, Optional<TimeLimitedLink> link, String browserSecret) {
    }

    /** The lifetime asked for, or the default; refused beyond the bounds. */
    public Duration lifetime(Duration asked) {
        Duration lifetime = asked == null ? config.defaultLifetime() : asked;
        if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(config.maxLifetime()) > 0) {
            throw new LifetimeOutOfBounds(config.maxLifetime());
        }
        return lifetime;
    }

    /**
     * Makes a link of {@code kind} for {@code objectId} (null for a sign-in link) valid for
     * {@code lifetime} (null: the default), and audits it with the cause's actor as maker.
     */
    @Transactional
    public IssuedLink issue(LinkKind kind, UUID objectId, Duration lifetime, Cause cause) {
        return issue(kind, objectId, lifetime, Map.of(), cause);
    }

    /**
     * As {@link #issue(LinkKind, UUID, Duration, Cause)}, with what the link's page needs to know
     * beyond its object (a setup link's IdP hint); kept in the link's {@code details}, audited with it.
     */
    @Transactional
    public IssuedLink issue(LinkKind kind, UUID objectId, Duration lifetime, Map<String, String> details, Cause cause) {
        Duration valid = lifetime(lifetime);
        String token = secrets.mint(TOKEN_PREFIX);
        Instant now = clock.instant();
        TimeLimitedLink link = new TimeLimitedLink(UUID.randomUUID(), kind, objectId, now, now.plus(valid), null, null,
                cause.actor().type(), cause.actor().id());
        try {
            Jdbc.update(dataSource, """
                    INSERT INTO time_limited_links (id, kind, object_id, token_hash, created_at, expires_at,
                        created_by_type, created_by_id, details)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(jsonb_object_agg(k, v), '{}'::jsonb)
                    FROM unnest(?::text[], ?::text[]) AS d (k, v)""",
                    link.id(), kind.id, objectId, SecretTokens.hash(token), utc(now), utc(link.expiresAt()),
                    link.createdByType(), link.createdById(), details.keySet().toArray(String[]::new),
                    details.values().toArray(String[]::new));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        AuditEntry made = entry(link, "link.create").detail("expiresAt", link.expiresAt().toString());
        details.forEach(made::detail);
        audit.append(made.cause(cause));
        return new IssuedLink(link, token);
    }

    /**
     * Opens a link by its token from a browser that holds {@code browserSecretOf(linkId)} for it
     * (null if none). The first opening binds the link to the browser, in one statement, so two browsers
     * racing for a fresh link cannot both win.
     */
    @Transactional
    public Opening open(String token, java.util.function.Function<UUID, String> browserSecretOf, Cause cause) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return new Opening(Outcome.UNKNOWN, Optional.empty(), null);
        }
        byte[] tokenHash = SecretTokens.hash(token);
        Instant now = clock.instant();
        String newSecret = secrets.mint(BROWSER_PREFIX);
        Optional<TimeLimitedLink> first = one("""
                UPDATE time_limited_links SET first_used_at = ?, browser_hash = ?
                WHERE token_hash = ? AND first_used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
                RETURNING""" + COLUMNS, utc(now), SecretTokens.hash(newSecret), tokenHash, utc(now));
        if (first.isPresent()) {
            audit.append(entry(first.get(), "link.use").cause(cause));
            return new Opening(Outcome.FIRST_USE, first, newSecret);
        }
        Optional<Bound> found = bound("WHERE token_hash = ?", tokenHash);
        if (found.isEmpty()) {
            return new Opening(Outcome.UNKNOWN, Optional.empty(), null);
        }
        TimeLimitedLink link = found.get().link();
        return new Opening(state(found.get(), browserSecretOf.apply(link.id()), now), Optional.of(link), null);
    }

    /**
     * The link behind a page, if the browser holding {@code browserSecret} may use it now:
     * opened before by this browser, not expired, not revoked, of the expected kind.
     */
    @Transactional
    public Optional<TimeLimitedLink> usable(UUID linkId, LinkKind kind, String browserSecret) {
        if (linkId == null || browserSecret == null) {
            return Optional.empty();
        }
        return bound("WHERE id = ?", linkId)
                .filter(b -> b.link().kind() == kind)
                .filter(b -> state(b, browserSecret, clock.instant()) == Outcome.SAME_BROWSER && !kind.singleUse)
                .map(Bound::link);
    }

    /** Revokes a link (from then on it opens nothing); false when unknown. Audited once. */
    @Transactional
    public boolean revoke(UUID linkId, Cause cause) {
        Optional<TimeLimitedLink> revoked = one("UPDATE time_limited_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING"
                + COLUMNS, utc(clock.instant()), linkId);
        revoked.ifPresent(link -> audit.append(entry(link, "link.revoke").cause(cause)));
        return revoked.isPresent() || find(linkId).isPresent();
    }

    @Transactional
    public Optional<TimeLimitedLink> find(UUID linkId) {
        return bound("WHERE id = ?", linkId).map(Bound::link);
    }

    /** One of the details the link was made with, null when it has none of that name. */
    @Transactional
    public String detail(UUID linkId, String name) {
        try {
            List<String> found = Jdbc.query(dataSource, "SELECT details ->> ? FROM time_limited_links WHERE id = ?",
                    rs -> rs.getString(1), name, linkId);
            return found.isEmpty() ? null : found.get(0); // the value itself may be null
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** The links of one kind made for one object, newest first. */
    @Transactional
    public List<TimeLimitedLink> of(LinkKind kind, UUID objectId) {
        try {
            return Jdbc.query(dataSource, "SELECT" + COLUMNS + ", browser_hash FROM time_limited_links"
                    + " WHERE kind = ? AND object_id = ? ORDER BY created_at DESC, id", rs -> row(rs), kind.id, objectId);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static Outcome state(Bound found, String browserSecret, Instant now) {
        TimeLimitedLink link = found.link();
        if (link.revokedAt() != null) {
            return Outcome.REVOKED;
        }
        if (link.expiredAt(now)) {
            return Outcome.EXPIRED;
        }
        if (link.kind().singleUse) {
            return Outcome.SPENT;
        }
        boolean same = browserSecret != null && found.browserHash() != null
                && MessageDigest.isEqual(found.browserHash(), SecretTokens.hash(browserSecret));
        return same ? Outcome.SAME_BROWSER : Outcome.OTHER_BROWSER;
    }

    private AuditEntry entry(TimeLimitedLink link, String action) {
        UUID trail = link.kind() == LinkKind.SETUP && link.objectId() != null ? link.objectId() : Directories.OPERATOR_TRAIL;
        AuditEntry entry = AuditEntry.of(trail, action).target("TimeLimitedLink", link.id()).detail("kind", link.kind().id);
        if (link.objectId() != null) {
            entry.detail("objectType", link.kind().objectType).detail("objectId", link.objectId().toString());
        }
        return entry;
    }

    private record Bound(TimeLimitedLink link, byte[] browserHash) {
    }

    private static final String COLUMNS =
            " id, kind, object_id, created_at, expires_at, first_used_at, revoked_at, created_by_type, created_by_id";

    private Optional<TimeLimitedLink> one(String sql, Object... params) {
        try {
            return Jdbc.query(dataSource, sql, TimeLimitedLinks::row, params).stream().findFirst();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private Optional<Bound> bound(String where, Object... params) {
        try {
            return Jdbc.query(dataSource, "SELECT" + COLUMNS + ", browser_hash FROM time_limited_links " + where,
                    rs -> new Bound(row(rs), rs.getBytes("browser_hash")), params).stream().findFirst();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static TimeLimitedLink row(ResultSet rs) throws SQLException {
        return new TimeLimitedLink(rs.getObject("id", UUID.class), LinkKind.of(rs.getString("kind")).orElseThrow(),
                rs.getObject("object_id", UUID.class), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"),
                Jdbc.instant(rs, "first_used_at"), Jdbc.instant(rs, "revoked_at"), rs.getString("created_by_type"),
                rs.getString("created_by_id"));
    }


    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
