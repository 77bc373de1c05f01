package dev.tether.directory;

import dev.tether.platform.Clock;
import dev.tether.platform.DataAccessException;
import dev.tether.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A directory's connection health at a glance: its latest SCIM request and outcome, requests and
 * errors over the last 24 hours (whole hours, as {@link ScimTraffic} counts them), how many
 * users, groups and agents it holds, and which identity provider it looks like. One query for
 * every directory at once.
 */
@ApplicationScoped
public class DirectoryHealth {

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    /** @param idp the IdP the client looks like, from its User-Agent; null when unknown or never seen */
    public record Health(UUID directoryId, Instant lastRequestAt, String lastMethod, Integer lastStatus, String userAgent,
            String idp, long requests24h, long errors24h, long users, long groups, long agents) {

        public static Health none(UUID directoryId) {
            return new Health(directoryId, null, null, null, null, null, 0, 0, 0, 0, 0);
        }
    }

    /** The health of every directory (the operator trail's pseudo-directory excluded), by id. */
    public Map<UUID, Health> all() {
        Instant since = clock.instant().minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.HOURS);
        Map<UUID, Health> out = new HashMap<>();
        try {
            Jdbc.query(dataSource, """
                    SELECT d.id, l.at, l.method, l.status, l.user_agent,
                           coalesce(t.requests, 0), coalesce(t.errors, 0),
                           (SELECT count(*) FROM users u WHERE u.directory_id = d.id),
                           (SELECT count(*) FROM groups g WHERE g.directory_id = d.id),
                           (SELECT count(*) FROM agents a WHERE a.directory_id = d.id)
                    FROM directories d
                    LEFT JOIN directory_scim_last_request l ON l.directory_id = d.id
                    LEFT JOIN (SELECT directory_id, sum(requests) AS requests, sum(errors) AS errors
                               FROM directory_scim_traffic WHERE hour >= ? GROUP BY directory_id) t
                           ON t.directory_id = d.id
                    WHERE d.id <> ?""", rs -> {
                OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                int status = rs.getInt(4);
                Integer lastStatus = rs.wasNull() ? null : status;
                String agent = rs.getString(5);
                return new Health(rs.getObject(1, UUID.class), at == null ? null : at.toInstant(), rs.getString(3),
                        lastStatus, agent, idpOf(agent), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                        rs.getLong(10));
            }, OffsetDateTime.ofInstant(since, ZoneOffset.UTC), Directories.OPERATOR_TRAIL).forEach(h -> out.put(h.directoryId(), h));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return out;
    }

    public Health of(UUID directoryId) {
        return all().getOrDefault(directoryId, Health.none(directoryId));
    }

    /**
     * The identity provider a SCIM client's User-Agent names, by the words each one's
     * provisioning client is known to put there; null when none matches.
     */
    public static String idpOf(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("okta")) {
            return "Okta";
        }
        if (ua.contains("azure") || ua.contains("entra") || ua.contains("microsoft") || ua.contains("aad")) {
            return "Microsoft Entra ID";
        }
        if (ua.contains("onelogin")) {
            return "OneLogin";
        }
        if (ua.contains("jumpcloud")) {
            return "JumpCloud";
        }
        if (ua.contains("google")) {
            return "Google Workspace";
        }
        if (ua.contains("ping")) {
            return "Ping Identity";
        }
        return null;
    }
}
