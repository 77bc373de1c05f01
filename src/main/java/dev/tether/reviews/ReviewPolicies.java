package dev.tether.reviews;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
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
        return Jdbc.query(dataSource, "SELECT intervals::text, default_interval, on_no_answer, fallback_reviewers, "
                + "recurring::text, next_campaign_at, updated_at FROM review_policies WHERE directory_id = ?",
                rs -> new ReviewPolicy(directoryId, intervals(rs.getString(1)), rs.getString(2), rs.getString(3),
                        Jdbc.uuids(rs.getArray(4)), recurring(rs.getString(5)), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class)), directoryId)
                .stream().findFirst();
    }

    /**
     * A recurring campaign to set. {@code select} is the selection read from {@code selectAsAsked}
     * (null: every active delegation); {@code startAt} when the first opens, null for the next
     * round of the campaign job (or, when the policy already has a schedule, when it was due).
     */
    public record RecurringRequest(String name, String every, String dueIn, CampaignSelection select,
            ObjectNode selectAsAsked, String onNoAnswer, OffsetDateTime startAt) {
    }

    /** Name of a recurring campaign whose policy gives none; the date it opened follows. */
    static final String DEFAULT_RECURRING_NAME = "Recurring review";

    /**
     * Replaces the directory's policy. Intervals are ISO 8601 periods of at least a day (P30D,
     * P3M, P1Y); a rule names at least one of kind, scope, audience; fallback reviewers are
     * users of this directory. {@code onNoAnswer} null means keep-flagged. {@code recurring}
     * null removes the schedule; set, its first campaign opens at {@code startAt}, else on the
     * job's next round; a schedule that already existed keeps its next date unless
     * {@code startAt} moves it, so editing the policy never opens an unplanned campaign.
     */
    public ReviewPolicy put(UUID directoryId, List<ReviewPolicy.Interval> intervals, String defaultInterval,
            String onNoAnswer, List<UUID> fallbackReviewers, RecurringRequest recurring, Cause cause) {
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
        String recurringJson = recurring == null ? null : json(checkRecurring(recurring, clock.now()));
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
            String json = json(rules);
            OffsetDateTime next = recurring == null ? null : recurring.startAt() != null ? recurring.startAt() : now;
            // an existing schedule's next date is read under the row's lock (ON CONFLICT), so a
            // campaign the job is opening right now moves it on before this keeps it
            try (var c = dataSource.getConnection(); var ps = c.prepareStatement("""
                    INSERT INTO review_policies (directory_id, intervals, default_interval, on_no_answer, fallback_reviewers,
                                                 recurring, next_campaign_at, updated_at)
                    VALUES (?, ?::jsonb, ?, ?, ?::uuid[], ?::jsonb, ?, ?)
                    ON CONFLICT (directory_id) DO UPDATE SET intervals = excluded.intervals,
                        default_interval = excluded.default_interval, on_no_answer = excluded.on_no_answer,
                        fallback_reviewers = excluded.fallback_reviewers, recurring = excluded.recurring,
                        next_campaign_at = CASE WHEN excluded.recurring IS NOT NULL AND ?::boolean
                                                 AND review_policies.next_campaign_at IS NOT NULL
                                                THEN review_policies.next_campaign_at
                                                ELSE excluded.next_campaign_at END,
                        updated_at = excluded.updated_at
                    """)) {
                ps.setObject(1, directoryId);
                ps.setObject(2, json, Types.OTHER);
                ps.setString(3, defaultInterval);
                ps.setString(4, rule.code);
                ps.setArray(5, c.createArrayOf("uuid", fallback.toArray(new UUID[0])));
                ps.setObject(6, recurringJson, Types.OTHER);
                ps.setObject(7, next);
                ps.setObject(8, now);
                ps.setBoolean(9, recurring != null && recurring.startAt() == null);
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

    /**
     * The schedule as stored, once every field holds: {@code every} an ISO 8601 period (a day or
     * more), {@code dueIn} an ISO 8601 duration of at least an hour and no longer than the
     * shortest {@code every} can be (a month counted as 28 days, a year as 365), a known
     * {@code onNoAnswer}, a non-blank {@code name}, {@code startAt} in the future.
     */
    private static ReviewPolicy.Recurring checkRecurring(RecurringRequest r, OffsetDateTime now) {
        checkPeriod("/recurring/every", r.every());
        Period every = Period.parse(r.every());
        try {
            now.plus(every.multipliedBy(2));
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw ReviewRefusal.invalid("/recurring/every", "\"every\" is too long for a date to be reached");
        }
        if (r.dueIn() == null) {
            throw ReviewRefusal.invalid("/recurring/dueIn", "\"dueIn\" is required, an ISO 8601 duration such as P14D");
        }
        Duration dueIn;
        try {
            dueIn = Duration.parse(r.dueIn());
        } catch (DateTimeParseException e) {
            throw ReviewRefusal.invalid("/recurring/dueIn", "\"" + r.dueIn() + "\" is not an ISO 8601 duration such as P14D or PT12H");
        }
        if (dueIn.compareTo(Duration.ofHours(1)) < 0) {
            throw ReviewRefusal.invalid("/recurring/dueIn", "\"dueIn\" must be at least an hour");
        }
        if (dueIn.compareTo(shortest(every)) > 0) {
            throw ReviewRefusal.invalid("/recurring/dueIn", "\"dueIn\" must not be longer than \"every\": "
                    + "a campaign is due before the next one opens");
        }
        if (r.onNoAnswer() != null && NoAnswerRule.of(r.onNoAnswer()).isEmpty()) {
            throw ReviewRefusal.invalid("/recurring/onNoAnswer",
                    "\"onNoAnswer\" must be revoke, narrow-to-used or keep-flagged");
        }
        if (r.name() != null && r.name().isBlank()) {
            throw ReviewRefusal.invalid("/recurring/name", "\"name\" must not be blank; leave it out for \""
                    + DEFAULT_RECURRING_NAME + "\"");
        }
        if (r.startAt() != null && !r.startAt().isAfter(now)) {
            throw ReviewRefusal.invalid("/recurring/startAt", "\"startAt\" must be in the future; leave it out to "
                    + "open the first campaign now");
        }
        CampaignSelection s = r.select();
        if (s != null && s.olderThan() != null && s.olderThan().isNegative()) {
            throw ReviewRefusal.invalid("/recurring/select/olderThan", "\"olderThan\" must not be negative");
        }
        if (s != null && s.unusedFor() != null && s.unusedFor().isNegative()) {
            throw ReviewRefusal.invalid("/recurring/select/unusedFor", "\"unusedFor\" must not be negative");
        }
        return new ReviewPolicy.Recurring(r.name() == null ? null : r.name().strip(), r.every(), r.dueIn(),
                r.selectAsAsked(), r.onNoAnswer());
    }

    /** The least time a period can span: months of 28 days, years of 365. */
    static Duration shortest(Period p) {
        return Duration.ofDays(p.getYears() * 365L + p.getMonths() * 28L + p.getDays());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ReviewPolicy.Recurring recurring(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, ReviewPolicy.Recurring.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable recurring review campaign", e);
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
