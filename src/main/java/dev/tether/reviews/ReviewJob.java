package dev.tether.reviews;

import dev.tether.lineage.CascadeRevocation;
import dev.tether.lineage.Delegations;
import dev.tether.lineage.RevocationReason;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.ReviewsConfig;
import dev.tether.platform.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The campaigns' clock: one review.reminder per unanswered item when its campaign's due date is
 * {@code tether.reviews.reminder-before} away, and at the due date the no-answer rule for every
 * item still pending, set-based (one cascade, one narrowing statement, one update of the items
 * per campaign), after which the campaign is closed. Then every review policy whose recurring
 * campaign is due gets it, opened as an operator's would be. Several replicas may run it: an
 * advisory lock lets one do each round, and a due policy row is claimed with its schedule moved
 * on in the transaction that opens its campaign. Lapses past reviewBy are the expiry job's
 * (lineage).
 */
@ApplicationScoped
public class ReviewJob {

    /** Advisory lock key of this job ("tether-reviews"), shared by every replica. */
    static final long LOCK_KEY = 0x7465746865720020L;

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Clock clock;
    private final ReviewsConfig config;
    private static final Logger LOG = Logger.getLogger(ReviewJob.class);

    private final ReviewCampaigns campaigns;
    private final ReviewPolicies policies;
    private final Delegations delegations;
    private final CascadeRevocation cascade;
    private final Event<ReviewNotice> notices;
    private final Event<ReviewsDecided> decided;
    private final Event<CampaignChanged> changed;

    ReviewJob(DataSource dataSource, Transactions transactions, Clock clock, ReviewsConfig config, ReviewCampaigns campaigns,
            ReviewPolicies policies, Delegations delegations, CascadeRevocation cascade, Event<ReviewNotice> notices, Event<ReviewsDecided> decided,
            Event<CampaignChanged> changed) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.clock = clock;
        this.config = config;
        this.campaigns = campaigns;
        this.policies = policies;
        this.delegations = delegations;
        this.cascade = cascade;
        this.notices = notices;
        this.decided = decided;
        this.changed = changed;
    }

    @Scheduled(every = "${tether.reviews.job-period}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${tether.reviews.job-period}")
    void scheduled() {
        run();
    }

    /** One round; returns whether this replica held the lock. Public so tests and operators can run it now. */
    public boolean run() {
        boolean locked = remindAndClose();
        if (locked) {
            openRecurring();
        }
        return locked;
    }

    private boolean remindAndClose() {
        Cause cause = Cause.system();
        return transactions.run(() -> {
            boolean locked = Jdbc.query(dataSource, "SELECT pg_try_advisory_xact_lock(?)", rs -> rs.getBoolean(1), LOCK_KEY)
                    .get(0);
            if (!locked) {
                return false;
            }
            OffsetDateTime now = clock.now();
            remind(now, cause);
            List<UUID[]> due = Jdbc.query(dataSource, "SELECT directory_id, id FROM review_campaigns "
                    + "WHERE status = 'open' AND due_at <= ? ORDER BY due_at, id",
                    rs -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}, now);
            for (UUID[] c : due) {
                close(c[0], c[1], now, cause);
            }
            return true;
        });
    }

    /**
     * Each due recurring campaign in a transaction of its own (one campaign over many delegations
     * is work enough for one), so one that cannot open does not hold back the others; it stays
     * due and is tried again next round.
     */
    private void openRecurring() {
        OffsetDateTime now = clock.now();
        List<UUID> due = transactions.run(() -> Jdbc.query(dataSource, """
                SELECT p.directory_id FROM review_policies p JOIN directories d ON d.id = p.directory_id
                 WHERE p.next_campaign_at <= ? AND d.disabled_at IS NULL
                 ORDER BY p.next_campaign_at, p.directory_id
                """, rs -> rs.getObject(1, UUID.class), now));
        for (UUID directoryId : due) {
            try {
                openRecurring(directoryId);
            } catch (RuntimeException e) {
                LOG.warnf(e, "the recurring review campaign of directory %s did not open; it stays due", directoryId);
            }
        }
    }

    /**
     * Opens the directory's due recurring campaign through {@link ReviewCampaigns#create}, acted by
     * {@code system}, and moves the schedule on by {@code every} from when it was due, past now
     * (periods missed while nothing ran are skipped, not opened as a backlog). The policy row is
     * claimed first: another replica holding it, or having moved it on already, means nothing to do.
     */
    private void openRecurring(UUID directoryId) {
        Cause cause = Cause.system();
        transactions.run(() -> {
            OffsetDateTime now = clock.now();
            List<Object[]> claimed = Jdbc.query(dataSource, "SELECT recurring::text, next_campaign_at FROM review_policies "
                            + "WHERE directory_id = ? AND next_campaign_at <= ? FOR UPDATE SKIP LOCKED",
                    rs -> new Object[] {rs.getString(1), rs.getObject(2, OffsetDateTime.class)}, directoryId, now);
            if (claimed.isEmpty()) {
                return false;
            }
            ReviewPolicy.Recurring r = policies.recurring((String) claimed.get(0)[0]);
            OffsetDateTime scheduled = (OffsetDateTime) claimed.get(0)[1];
            String name = (r.name() == null ? ReviewPolicies.DEFAULT_RECURRING_NAME : r.name()) + " " + now.toLocalDate();
            campaigns.create(directoryId, new ReviewCampaigns.Request(name, CampaignSelection.fromAsked(r.select()),
                    r.select(), now.plus(Duration.parse(r.dueIn())), r.onNoAnswer()), cause);
            Jdbc.update(dataSource, "UPDATE review_policies SET next_campaign_at = ? WHERE directory_id = ?",
                    nextAfter(scheduled, Period.parse(r.every()), now), directoryId);
            return true;
        });
    }

    /** The first of {@code scheduled} + k × {@code every} (k ≥ 1) after {@code now}. */
    static OffsetDateTime nextAfter(OffsetDateTime scheduled, Period every, OffsetDateTime now) {
        OffsetDateTime next = scheduled.plus(every);
        for (int k = 2; !next.isAfter(now); k++) {
            next = scheduled.plus(every.multipliedBy(k));
        }
        return next;
    }

    private void remind(OffsetDateTime now, Cause cause) throws SQLException {
        List<UUID[]> reminded = Jdbc.query(dataSource, """
                WITH marked AS (
                    UPDATE review_items i SET reminded_at = ?
                      FROM review_campaigns c
                     WHERE c.id = i.campaign_id AND c.status = 'open' AND i.status = 'pending' AND i.reminded_at IS NULL
                       AND c.due_at > ? AND c.due_at - ?::interval <= ?
                    RETURNING i.directory_id, i.campaign_id)
                SELECT DISTINCT directory_id, campaign_id FROM marked
                """, rs -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)},
                now, now, config.reminderBefore().toSeconds() + " seconds", now);
        for (UUID[] c : reminded) {
            Campaign campaign = campaigns.requireCampaign(c[0], c[1]);
            campaigns.forEachPage(c[0], c[1], "i.status = 'pending' AND i.reminded_at = ?::timestamptz", List.of(now), now,
                    page -> notices.fire(new ReviewNotice(ReviewNotice.Kind.REMINDED, campaign, page, null, cause)));
        }
    }

    /** The no-answer rule over every pending item, then the campaign closes. */
    private void close(UUID directoryId, UUID campaignId, OffsetDateTime now, Cause cause) throws SQLException {
        Campaign campaign = campaigns.requireCampaign(directoryId, campaignId);
        switch (NoAnswerRule.of(campaign.onNoAnswer()).orElseThrow()) {
            case REVOKE -> {
                List<UUID> ids = Jdbc.query(dataSource, "SELECT i.delegation_id FROM review_items i "
                        + "WHERE i.campaign_id = ? AND i.status = 'pending'", rs -> rs.getObject(1, UUID.class), campaignId);
                cascade.revokeDelegations(directoryId, ids, RevocationReason.RECERTIFICATION, cause);
                settle(campaignId, "revoke", now, cause);
            }
            case KEEP_FLAGGED -> settle(campaignId, "keep-flagged", now, cause);
            case NARROW_TO_USED -> narrowToUsed(directoryId, campaignId, now, cause);
        }
        Jdbc.update(dataSource, "UPDATE review_campaigns SET status = 'closed', closed_at = ? WHERE id = ?", now, campaignId);
        Campaign closed = campaigns.requireCampaign(directoryId, campaignId);
        campaigns.forEachPage(directoryId, campaignId, "i.no_answer", now,
                page -> decided.fire(new ReviewsDecided(closed, page, cause, cause.actor())));
        changed.fire(new CampaignChanged(CampaignChanged.Kind.CLOSED, closed, cause));
    }

    /** Every pending item of the campaign decided as {@code decision} by the no-answer rule, one statement. */
    private void settle(UUID campaignId, String decision, OffsetDateTime now, Cause cause)
            throws SQLException {
        Jdbc.update(dataSource, "UPDATE review_items SET status = 'decided', decision = ?, no_answer = true, decided_at = ?, "
                + "decision_cause = ? WHERE campaign_id = ? AND status = 'pending'", decision, now, cause.txn(), campaignId);
    }

    /**
     * Each pending item keeps the scopes used in its review period: none used, the delegation is
     * revoked; some, it is narrowed to them (one statement for all); all, it stays as it is.
     */
    private void narrowToUsed(UUID directoryId, UUID campaignId, OffsetDateTime now, Cause cause) throws SQLException {
        record Pending(UUID item, UUID delegation, List<String> scopes, List<String> used, boolean active) {
        }
        List<Pending> pending = Jdbc.query(dataSource, """
                SELECT i.id, i.delegation_id, d.scopes, d.status = 'active',
                       ARRAY(SELECT DISTINCT a.action FROM agent_actions a
                              WHERE a.directory_id = i.directory_id AND a.chain @> ARRAY[i.delegation_id]
                                AND a.outcome <> 'denied' AND a.action = ANY (d.scopes)
                                AND a.occurred_at >= i.period_start AND a.occurred_at <= ?)
                  FROM review_items i JOIN delegations d ON d.id = i.delegation_id
                 WHERE i.campaign_id = ? AND i.status = 'pending'
                """, rs -> new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                Jdbc.texts(rs.getArray(3)), Jdbc.texts(rs.getArray(5)), rs.getBoolean(4)), now, campaignId);
        List<UUID> revoke = new ArrayList<>();
        Map<UUID, List<String>> narrow = new LinkedHashMap<>();
        UUID[] items = new UUID[pending.size()];
        String[] decisions = new String[pending.size()];
        String[] kept = new String[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            items[i] = p.item();
            List<String> used = p.scopes().stream().filter(new HashSet<>(p.used())::contains).toList();
            if (used.isEmpty()) {
                revoke.add(p.delegation());
                decisions[i] = "revoke";
            } else {
                decisions[i] = "narrow";
                kept[i] = "{" + String.join(",", used.stream().map(ReviewJob::arrayElement).toList()) + "}";
                if (p.active() && used.size() < p.scopes().size()) {
                    narrow.put(p.delegation(), used);
                }
            }
        }
        delegations.narrowAll(directoryId, narrow, cause);
        cascade.revokeDelegations(directoryId, revoke, RevocationReason.RECERTIFICATION, cause);
        Jdbc.update(dataSource, """
                UPDATE review_items i SET status = 'decided', decision = u.decision, decided_scopes = u.kept::text[],
                       no_answer = true, decided_at = ?, decision_cause = ?
                  FROM unnest(?::uuid[], ?::text[], ?::text[]) AS u(id, decision, kept)
                 WHERE i.id = u.id AND i.status = 'pending'
                """, now, cause.txn(), items, decisions, kept);
    }

    /** A text[] literal element, quoted: scopes may hold commas, quotes or braces. */
    private static String arrayElement(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
