package dev.tether.reviews;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads and sets a directory's review policy. A refused policy is a {@link ReviewRefusal} and changes nothing. */
@ApplicationScoped
public class ReviewPolicies {

    private static final Set<String> KINDS = Set.of("grant", "sponsor");

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Event<ReviewPolicyChanged> changed;

    ReviewPolicies(DataSource dataSource, Transactions transactions, Clock clock, ObjectMapper mapper,
            Event<ReviewPolicyChanged> changed) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.clock = clock;
        this.mapper = mapper;
        this.changed = changed;
    }

    public Optional<ReviewPolicy> find(UUID directoryId) {
        return transactions.run(() -> findIn(directoryId));
    }

    Optional<ReviewPolicy> findIn(UUID directoryId) throws SQLException {
        return Jdbc.query(dataSource, "SELECT intervals::text, default_interval, on_no_answer, fallback_reviewers, updated_at "
                + "FROM review_policies WHERE directory_id = ?", rs -> new ReviewPolicy(directoryId,
                        intervals(rs.getString(1)), rs.getString(2), NoAnswerRule.of(rs.getString(3)).orElseThrow(),
                        Jdbc.uuids(rs.getArray(4)), rs.getObject(5, OffsetDateTime.class)), directoryId)
                .stream().findFirst();
    }

    /**
     * Replaces the directory's policy. Intervals are ISO 8601 periods of at least a day (P30D,
     * P3M, P1Y); a rule names at least one of kind, scope, audience; fallback reviewers are
     * users of this directory. {@code onNoAnswer} null means keep-flagged.
     */
    public ReviewPolicy put(UUID directoryId, List<ReviewPolicy.Interval> intervals, String defaultInterval,
            String onNoAnswer, List<UUID> fallbackReviewers, Cause cause) {
        List<ReviewPolicy.Interval> rules = intervals == null ? List.of() : intervals;
        for (int i = 0; i < rules.size(); i++) {
            ReviewPolicy.Interval r = rules.get(i);
            String at = "/intervals/" + i;
            if (r == null) {
                throw ReviewRefusal.invalid(at, "an interval rule must be an object");
            }
            if (r.kind() == null && r.scope() == null && r.audience() == null) {
                throw ReviewRefusal.invalid(at, "an interval rule names at least one of kind, scope, audience; "
                        + "for every delegation use defaultInterval");
            }
            if (r.kind() != null && !KINDS.contains(r.kind())) {
                throw ReviewRefusal.invalid(at + "/kind", "\"kind\" must be grant or sponsor");
            }
            checkPeriod(at + "/interval", r.interval());
        }
        if (defaultInterval != null) {
            checkPeriod("/defaultInterval", defaultInterval);
        }
        NoAnswerRule rule = onNoAnswer == null ? NoAnswerRule.KEEP_FLAGGED : NoAnswerRule.of(onNoAnswer).orElseThrow(
                () -> ReviewRefusal.invalid("/onNoAnswer", "\"onNoAnswer\" must be revoke, narrow-to-used or keep-flagged"));
        List<UUID> fallback = fallbackReviewers == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(fallbackReviewers));
        if (fallback.stream().anyMatch(java.util.Objects::isNull)) {
            throw ReviewRefusal.invalid("/fallbackReviewers", "\"fallbackReviewers\" must be user ids");
        }
        return transactions.run(() -> {
            Set<UUID> known = new HashSet<>(Jdbc.query(dataSource,
                    "SELECT id FROM users WHERE directory_id = ? AND id = ANY (?::uuid[])", rs -> rs.getObject(1, UUID.class),
                    directoryId, fallback.toArray(new UUID[0])));
            for (int i = 0; i < fallback.size(); i++) {
                if (!known.contains(fallback.get(i))) {
                    throw ReviewRefusal.invalid("/fallbackReviewers/" + i, "no user " + fallback.get(i) + " in this directory");
                }
            }
            OffsetDateTime now = clock.now();
            String json;
            try {
                json = mapper.writeValueAsString(rules);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try (var c = dataSource.getConnection(); var ps = c.prepareStatement("""
                    INSERT INTO review_policies (directory_id, intervals, default_interval, on_no_answer, fallback_reviewers,
                                                 updated_at)
                    VALUES (?, ?::jsonb, ?, ?, ?::uuid[], ?)
                    ON CONFLICT (directory_id) DO UPDATE SET intervals = excluded.intervals,
                        default_interval = excluded.default_interval, on_no_answer = excluded.on_no_answer,
                        fallback_reviewers = excluded.fallback_reviewers, updated_at = excluded.updated_at
                    """)) {
                ps.setObject(1, directoryId);
                ps.setObject(2, json, Types.OTHER);
                ps.setString(3, defaultInterval);
                ps.setString(4, rule.code);
                ps.setArray(5, c.createArrayOf("uuid", fallback.toArray(new UUID[0])));
                ps.setObject(6, now);
                ps.executeUpdate();
            }
            ReviewPolicy policy = findIn(directoryId).orElseThrow();
            changed.fire(new ReviewPolicyChanged(policy, cause));
            return policy;
        });
    }

    private static void checkPeriod(String pointer, String value) {
        if (value == null) {
            throw ReviewRefusal.invalid(pointer, "an interval is required, an ISO 8601 period such as P90D");
        }
        try {
            Period p = Period.parse(value);
            if (p.isNegative() || p.isZero()) {
                throw ReviewRefusal.invalid(pointer, "the interval must be at least a day");
            }
        } catch (DateTimeParseException e) {
            throw ReviewRefusal.invalid(pointer, "\"" + value + "\" is not an ISO 8601 period such as P90D, P3M or P1Y");
        }
    }

    private List<ReviewPolicy.Interval> intervals(String json) throws SQLException {
        try {
            return mapper.readValue(json, new TypeReference<List<ReviewPolicy.Interval>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable review policy intervals", e);
        }
    }
}
