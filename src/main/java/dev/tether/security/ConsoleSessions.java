package dev.tether.security;

import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.ConsoleConfig;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Console sessions, kept server-side (console_sessions) so that every replica knows them and
 * signing out ends them everywhere. The browser holds a random secret; the table its SHA-256.
 * A session ends at sign-out, after {@code tether.console.idle-timeout} unused, or
 * {@code tether.console.absolute-timeout} after sign-in. Sign-in and sign-out are operator-trail
 * audit records, which tie the subject that later records name to the person's name.
 */
@ApplicationScoped
public class ConsoleSessions {

    static final String SECRET_PREFIX = "tcs_";

    /** How the person proved who they are. */
    public enum SignedInBy {
        OIDC("oidc"), LINK("link");

        final String id;

        SignedInBy(String id) {
            this.id = id;
        }
    }

    /** A session begun: the secret for the cookie (shown to this browser only) and the session. */
    public record Started(String secret, ConsoleSession session) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    SecretTokens secrets;

    @Inject
    ConsoleConfig config;

    @Inject
    AuditLog audit;

    /** Begins a session for a person already proven; {@code roles} are console roles (operator, auditor). */
    @Transactional
    public Started start(String subject, String name, List<String> roles, SignedInBy by, Cause cause) {
        String secret = secrets.mint(SECRET_PREFIX);
        Instant now = clock.instant();
        ConsoleSession session = new ConsoleSession(UUID.randomUUID(), subject, name, List.copyOf(roles),
                now.plus(config.absoluteTimeout()));
        try {
            Jdbc.update(dataSource, """
                    INSERT INTO console_sessions (id, token_hash, subject, display_name, roles, signed_in_by,
                        created_at, last_seen_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    session.id(), SecretTokens.hash(secret), subject, name, roles.toArray(new String[0]), by.id,
                    TimeLimitedLinks.utc(now), TimeLimitedLinks.utc(now), TimeLimitedLinks.utc(session.expiresAt()));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        audit.append(AuditEntry.operatorTrail("console.sign-in").target("ConsoleSession", session.id())
                .actor(Cause.Actor.console(subject)).detail("name", session.displayName())
                .detail("roles", String.join(",", roles)).detail("by", by.id).cause(cause));
        return new Started(secret, session);
    }

    /**
     * The live session the secret opens, and marks it used now; empty when unknown, signed out,
     * idle too long or past its absolute end. One statement: checking and touching together.
     */
    public Optional<ConsoleSession> find(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try {
            return Jdbc.query(dataSource, """
                    UPDATE console_sessions SET last_seen_at = ?
                    WHERE token_hash = ? AND ended_at IS NULL AND expires_at > ? AND last_seen_at > ?
                    RETURNING id, subject, display_name, roles, expires_at""",
                    rs -> new ConsoleSession(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            Jdbc.texts(rs.getArray(4)), Jdbc.instant(rs, "expires_at")),
                    TimeLimitedLinks.utc(now), SecretTokens.hash(secret), TimeLimitedLinks.utc(now),
                    TimeLimitedLinks.utc(now.minus(config.idleTimeout()))).stream().findFirst();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Sessions over for a day (signed out, idle or past their end) are removed; any replica may run it. */
    @io.quarkus.scheduler.Scheduled(every = "1h", delayed = "1m")
    void removeEnded() {
        java.time.Instant dayAgo = clock.instant().minus(java.time.Duration.ofDays(1));
        try {
            Jdbc.update(dataSource, "DELETE FROM console_sessions WHERE ended_at < ? OR expires_at < ? OR last_seen_at < ?",
                    TimeLimitedLinks.utc(dayAgo), TimeLimitedLinks.utc(dayAgo),
                    TimeLimitedLinks.utc(dayAgo.minus(config.idleTimeout())));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Signs out: the session ends for every replica at once. */
    @Transactional
    public void end(ConsoleSession session, Cause cause) {
        try {
            int ended = Jdbc.update(dataSource, "UPDATE console_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                    TimeLimitedLinks.utc(clock.instant()), session.id());
            if (ended == 1) {
                audit.append(AuditEntry.operatorTrail("console.sign-out").target("ConsoleSession", session.id())
                        .cause(cause));
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
