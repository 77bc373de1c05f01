package dev.tether.reviews;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.lineage.CascadeRevocation;
import dev.tether.lineage.Delegations;
import dev.tether.lineage.RevocationReason;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.ReviewsConfig;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Recertification campaigns: opening one over the selected active delegations (one set-based
 * INSERT … SELECT that also resolves each item's reviewers), reading campaigns and items with
 * their usage, reviewers' decisions (approve, revoke, narrow), reassignment, and the evidence
 * report. Refusals are {@link ReviewRefusal}s (or lineage's own) and change nothing.
 */
@ApplicationScoped
public class ReviewCampaigns {

    /** Items per fact and per page read when a whole campaign is walked (events, the no-answer rule, reports). */
    static final int PAGE = 1000;

    static final String ENTERPRISE_MANAGER = "{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,manager,value}";

    /** A campaign to open. {@code onNoAnswer} null: the directory policy's rule, else keep-flagged. */
    public record Request(String name, CampaignSelection select, ObjectNode selectAsAsked, OffsetDateTime dueAt,
            String onNoAnswer) {
    }

    /**
     * A reviewer's answer. {@code scopes}: the scopes to keep, for narrow only.
     *
     * @param reviewer the user answering; must be one of the item's reviewers
     */
    public record Decision(String decision, List<String> scopes, String justification, UUID reviewer) {
    }

    /** A campaign with every item, for the evidence report. */
    public record Report(Campaign campaign, List<ReviewItem> items, OffsetDateTime generatedAt) {
    }

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Delegations delegations;
    private final CascadeRevocation cascade;
    private final ReviewPolicies policies;
    private final ReviewsConfig config;
    private final Event<ReviewNotice> notices;
    private final Event<ReviewsDecided> decided;
    private final Event<CampaignChanged> campaigns;

    ReviewCampaigns(DataSource dataSource, Transactions transactions, Clock clock, ObjectMapper mapper,
            Delegations delegations, CascadeRevocation cascade, ReviewPolicies policies, ReviewsConfig config,
            Event<ReviewNotice> notices, Event<ReviewsDecided> decided, Event<CampaignChanged> campaigns) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.clock = clock;
        this.mapper = mapper;
        this.delegations = delegations;
        this.cascade = cascade;
        this.policies = policies;
        this.config = config;
        this.notices = notices;
        this.decided = decided;
        this.campaigns = campaigns;
    }

    // ---- opening a campaign

    /**
     * Every active delegation of the directory that the selection takes gets one item, its
     * reviewers resolved in the same statement, in order: the human delegator (or, for an
     * agent's delegation, the root human) while active; else the agent's active sponsors; else
     * the root human's enterprise manager while active; else the policy's active fallback
     * reviewers; else none (only the no-answer rule will settle it).
     */
    public Campaign create(UUID directoryId, Request r, Cause cause) {
        if (r.name() == null || r.name().isBlank()) {
            throw ReviewRefusal.invalid("/name", "\"name\" is required");
        }
        if (r.dueAt() == null) {
            throw ReviewRefusal.invalid("/dueAt", "\"dueAt\" is required, an RFC 3339 date-time");
        }
        OffsetDateTime now = clock.now();
        if (!r.dueAt().isAfter(now)) {
            throw ReviewRefusal.invalid("/dueAt", "\"dueAt\" must be in the future");
        }
        CampaignSelection s = r.select() == null ? new CampaignSelection(null, null, null, null, null) : r.select();
        if (s.olderThan() != null && s.olderThan().isNegative()) {
            throw ReviewRefusal.invalid("/select/olderThan", "\"olderThan\" must not be negative");
        }
        if (s.unusedFor() != null && s.unusedFor().isNegative()) {
            throw ReviewRefusal.invalid("/select/unusedFor", "\"unusedFor\" must not be negative");
        }
        if (r.onNoAnswer() != null && NoAnswerRule.of(r.onNoAnswer()).isEmpty()) {
            throw ReviewRefusal.invalid("/onNoAnswer", "\"onNoAnswer\" must be revoke, narrow-to-used or keep-flagged");
        }
        return transactions.run(() -> {
            requireEnabled(directoryId);
            NoAnswerRule rule = r.onNoAnswer() != null ? NoAnswerRule.of(r.onNoAnswer()).orElseThrow()
                    : policies.findIn(directoryId).map(ReviewPolicy::onNoAnswer).orElse(NoAnswerRule.KEEP_FLAGGED);
            UUID id = UUID.randomUUID();
            ObjectNode createdBy = mapper.createObjectNode().put("type", cause.actor().type()).put("id", cause.actor().id());
            ObjectNode asked = r.selectAsAsked() != null ? r.selectAsAsked() : mapper.createObjectNode();
            Jdbc.update(dataSource, "INSERT INTO review_campaigns (id, directory_id, name, selection, due_at, on_no_answer, "
                            + "status, created_at, created_by, cause) VALUES (?, ?, ?, ?::jsonb, ?, ?, 'open', ?, ?::jsonb, ?)",
                    id, directoryId, r.name().strip(), asked.toString(), r.dueAt(), rule.code, now, createdBy.toString(),
                    cause.txn());
            Jdbc.update(dataSource, OPEN_ITEMS, id, now,
                    directoryId,
                    ids(s.agentIds()), ids(s.agentIds()),
                    texts(s.scopes()), texts(s.scopes()),
                    texts(s.audiences()), texts(s.audiences()),
                    s.olderThan() == null ? null : now.minus(s.olderThan()), s.olderThan() == null ? null : now.minus(s.olderThan()),
                    s.unusedFor() == null ? null : now.minus(s.unusedFor()), s.unusedFor() == null ? null : now.minus(s.unusedFor()));
            Campaign campaign = findIn(directoryId, id).orElseThrow();
            campaigns.fire(new CampaignChanged(CampaignChanged.Kind.OPENED, campaign, cause));
            forEachPage(directoryId, id, "true", now, page -> notices.fire(
                    new ReviewNotice(ReviewNotice.Kind.OPENED, campaign, page, null, cause)));
            return campaign;
        });
    }

    /**
     * The selection and the reviewer resolution, one INSERT … SELECT. Binds: campaign id, now,
     * directory, agentIds ×2, scopes ×2, audiences ×2, olderThan cut ×2, unusedFor cut ×2.
     */
    private static final String OPEN_ITEMS = """
            WITH params AS (SELECT ?::uuid AS campaign_id, ?::timestamptz AS now),
            selected AS (
                SELECT d.* FROM delegations d
                 WHERE d.directory_id = ? AND d.status = 'active'
                   AND (?::uuid[] IS NULL OR d.agent_id = ANY (?::uuid[]))
                   AND (?::text[] IS NULL OR d.scopes && ?::text[])
                   AND (?::text[] IS NULL OR d.audience = ANY (?::text[]))
                   AND (?::timestamptz IS NULL OR d.created_at <= ?::timestamptz)
                   AND (?::timestamptz IS NULL OR NOT EXISTS (
                        SELECT 1 FROM agent_actions a
                         WHERE a.directory_id = d.directory_id AND a.chain @> ARRAY[d.id] AND a.outcome <> 'denied'
                           AND a.occurred_at > ?::timestamptz))
            )
            INSERT INTO review_items (id, campaign_id, directory_id, delegation_id, agent_id, root_user_id, scopes,
                                      period_start, reviewers, reviewer_source, status, created_at)
            SELECT gen_random_uuid(), params.campaign_id, s.directory_id, s.id, s.agent_id, s.root_user_id, s.scopes,
                   coalesce(s.reviewed_at, s.created_at),
                   CASE WHEN human.id IS NOT NULL THEN ARRAY[human.id]
                        WHEN sponsors.ids IS NOT NULL THEN sponsors.ids
                        WHEN manager.id IS NOT NULL THEN ARRAY[manager.id]
                        WHEN fallback.ids IS NOT NULL THEN fallback.ids
                        ELSE '{}'::uuid[] END,
                   CASE WHEN human.id IS NOT NULL THEN
                            CASE WHEN s.delegator_type = 'User' THEN 'delegator' ELSE 'root-user' END
                        WHEN sponsors.ids IS NOT NULL THEN 'sponsor'
                        WHEN manager.id IS NOT NULL THEN 'manager'
                        WHEN fallback.ids IS NOT NULL THEN 'fallback'
                        ELSE 'none' END,
                   'pending', params.now
              FROM params, selected s
              LEFT JOIN users human ON human.id = s.root_user_id AND human.directory_id = s.directory_id
                                   AND human.active IS NOT FALSE
              LEFT JOIN LATERAL (
                  SELECT array_agg(DISTINCT sp.delegator_id) AS ids
                    FROM delegations sp JOIN users su ON su.id = sp.delegator_id AND su.active IS NOT FALSE
                   WHERE sp.directory_id = s.directory_id AND sp.agent_id = s.agent_id AND sp.kind = 'sponsor'
                     AND sp.status = 'active' AND sp.delegator_type = 'User'
              ) sponsors ON true
              LEFT JOIN LATERAL (
                  SELECT m.id FROM users root JOIN users m ON m.directory_id = root.directory_id
                         AND (m.id::text = root.doc #>> '%1$s' OR m.external_id = root.doc #>> '%1$s')
                         AND m.active IS NOT FALSE
                   WHERE root.id = s.root_user_id AND root.directory_id = s.directory_id
                   ORDER BY (m.id::text = root.doc #>> '%1$s') DESC LIMIT 1
              ) manager ON true
              LEFT JOIN LATERAL (
                  SELECT array_agg(f.id ORDER BY f.n) AS ids
                    FROM review_policies p, unnest(p.fallback_reviewers) WITH ORDINALITY AS f(id, n)
                    JOIN users fu ON fu.id = f.id AND fu.active IS NOT FALSE
                   WHERE p.directory_id = s.directory_id
              ) fallback ON true
            """.formatted(ENTERPRISE_MANAGER);

    // ---- reading

    public Optional<Campaign> find(UUID directoryId, UUID campaignId) {
        return transactions.run(() -> findIn(directoryId, campaignId));
    }

    private static final String CAMPAIGN_SELECT = """
            SELECT c.id, c.directory_id, c.name, c.selection::text, c.due_at, c.on_no_answer, c.status, c.created_at,
                   c.created_by::text, c.closed_at,
                   (SELECT count(*) FROM review_items i WHERE i.campaign_id = c.id),
                   (SELECT count(*) FROM review_items i WHERE i.campaign_id = c.id AND i.status = 'pending'),
                   (SELECT count(*) FROM review_items i WHERE i.campaign_id = c.id AND i.decision = 'approve'),
                   (SELECT count(*) FROM review_items i WHERE i.campaign_id = c.id AND i.decision = 'revoke'),
                   (SELECT count(*) FROM review_items i WHERE i.campaign_id = c.id AND i.decision = 'narrow'),
                   (SELECT count(*) FROM review_items i WHERE i.campaign_id = c.id AND i.decision = 'keep-flagged'),
                   (SELECT count(*) FROM review_items i WHERE i.campaign_id = c.id AND i.no_answer)
              FROM review_campaigns c
            """;

    Optional<Campaign> findIn(UUID directoryId, UUID campaignId) throws SQLException {
        return Jdbc.query(dataSource, CAMPAIGN_SELECT + " WHERE c.directory_id = ? AND c.id = ?", this::campaign,
                directoryId, campaignId).stream().findFirst();
    }

    /** A keyset page of the directory's campaigns, newest first: up to {@code limit} after (createdAt, id). */
    public List<Campaign> list(UUID directoryId, OffsetDateTime afterCreatedAt, UUID afterId, int limit) {
        return transactions.run(() -> Jdbc.query(dataSource, CAMPAIGN_SELECT
                        + " WHERE c.directory_id = ? AND (?::timestamptz IS NULL OR (c.created_at, c.id) < (?::timestamptz, ?::uuid))"
                        + " ORDER BY c.created_at DESC, c.id DESC LIMIT ?", this::campaign,
                directoryId, afterCreatedAt, afterCreatedAt, afterId, limit));
    }

    /**
     * A keyset page of a campaign's items in creation order, after (createdAt, id) when given;
     * {@code pendingOnly} for what is still to answer, {@code reviewer} for one reviewer's items.
     */
    public List<ReviewItem> items(UUID directoryId, UUID campaignId, boolean pendingOnly, UUID reviewer,
            OffsetDateTime afterCreatedAt, UUID afterId, int limit) {
        return items(directoryId, campaignId, pendingOnly ? "pending" : null, reviewer, afterCreatedAt, afterId, limit);
    }

    /** As above, {@code status} pending, decided, or null for both. */
    public List<ReviewItem> items(UUID directoryId, UUID campaignId, String status, UUID reviewer,
            OffsetDateTime afterCreatedAt, UUID afterId, int limit) {
        return transactions.run(() -> {
            requireCampaign(directoryId, campaignId);
            return Jdbc.query(dataSource, ReviewItemRows.select(
                            "(?::text IS NULL OR i.status = ?::text) AND (?::uuid IS NULL OR i.reviewers @> ARRAY[?::uuid]) "
                                    + "AND (?::timestamptz IS NULL OR (i.created_at, i.id) > (?::timestamptz, ?::uuid))"),
                    ReviewItemRows::item, clock.now(), directoryId, campaignId, status, status, reviewer, reviewer,
                    afterCreatedAt, afterCreatedAt, afterId, limit);
        });
    }

    public Optional<ReviewItem> item(UUID directoryId, UUID campaignId, UUID itemId) {
        return transactions.run(() -> itemIn(directoryId, campaignId, itemId));
    }

    private Optional<ReviewItem> itemIn(UUID directoryId, UUID campaignId, UUID itemId) throws SQLException {
        return Jdbc.query(dataSource, ReviewItemRows.select("i.id = ?"), ReviewItemRows::item, clock.now(), directoryId,
                campaignId, itemId, 1).stream().findFirst();
    }

    /** Every item of the campaign with its decision, reviewers, usage and audit record: the evidence. */
    public Report report(UUID directoryId, UUID campaignId) {
        return transactions.run(() -> {
            Campaign campaign = requireCampaign(directoryId, campaignId);
            OffsetDateTime now = clock.now();
            List<ReviewItem> all = new ArrayList<>();
            forEachPage(directoryId, campaignId, "true", now, all::addAll);
            return new Report(campaign, all, now);
        });
    }

    // ---- deciding

    /**
     * A reviewer's answer to one item: approve (the delegation's next review is due after the
     * policy's interval), revoke (the cascade, reason recertification) or narrow (keep only
     * {@code scopes}). Refused unless the campaign is open, the item pending, the delegation
     * active and the answer comes from one of the item's reviewers.
     *
     * @param cause the request's cause; the decision and what it sets off are recorded with the
     *              reviewer as actor, and who submitted it alongside
     */
    public ReviewItem decide(UUID directoryId, UUID campaignId, UUID itemId, Decision d, Cause cause) {
        if (d.decision() == null || !List.of("approve", "revoke", "narrow").contains(d.decision())) {
            throw ReviewRefusal.invalid("/decision", "\"decision\" must be approve, revoke or narrow");
        }
        if (d.reviewer() == null) {
            throw ReviewRefusal.invalid("/reviewer", "\"reviewer\" (the user id of the one answering) is required");
        }
        if (d.justification() == null || d.justification().isBlank()) {
            throw ReviewRefusal.invalid("/justification", "\"justification\" is required: it is the evidence of the decision");
        }
        boolean narrow = d.decision().equals("narrow");
        if (narrow && (d.scopes() == null || d.scopes().isEmpty())) {
            throw ReviewRefusal.invalid("/scopes", "\"scopes\" (the scopes to keep) is required to narrow");
        }
        if (!narrow && d.scopes() != null) {
            throw ReviewRefusal.invalid("/scopes", "\"scopes\" goes only with narrow");
        }
        return transactions.run(() -> {
            Campaign campaign = requireCampaign(directoryId, campaignId);
            List<Object[]> locked = Jdbc.query(dataSource, "SELECT i.status, i.reviewers, i.delegation_id FROM review_items i "
                            + "WHERE i.directory_id = ? AND i.campaign_id = ? AND i.id = ? FOR UPDATE",
                    rs -> new Object[] {rs.getString(1), Jdbc.uuids(rs.getArray(2)), rs.getObject(3, UUID.class)},
                    directoryId, campaignId, itemId);
            if (locked.isEmpty()) {
                throw ReviewRefusal.notFound("no item " + itemId + " in campaign " + campaignId);
            }
            @SuppressWarnings("unchecked")
            List<UUID> reviewers = (List<UUID>) locked.get(0)[1];
            UUID delegationId = (UUID) locked.get(0)[2];
            if (!"pending".equals(locked.get(0)[0])) {
                throw ReviewRefusal.conflict("item " + itemId + " is already decided");
            }
            if (!"open".equals(campaign.status())) {
                throw ReviewRefusal.conflict("campaign " + campaignId + " is closed: its no-answer rule has applied");
            }
            if (!reviewers.contains(d.reviewer())) {
                throw ReviewRefusal.notTheReviewer("user " + d.reviewer() + " is not a reviewer of item " + itemId);
            }
            Cause asReviewer = cause.actedBy(Cause.Actor.reviewer(d.reviewer()));
            List<String> kept = null;
            switch (d.decision()) {
                case "approve" -> delegations.approve(directoryId, delegationId, config.approvalInterval(), asReviewer);
                case "narrow" -> kept = delegations.narrow(directoryId, delegationId, d.scopes(), asReviewer)
                        .delegation().scopes();
                default -> {
                    requireActiveDelegation(directoryId, delegationId);
                    cascade.revokeDelegations(directoryId, List.of(delegationId), RevocationReason.RECERTIFICATION,
                            asReviewer);
                }
            }
            OffsetDateTime now = clock.now();
            Jdbc.update(dataSource, "UPDATE review_items SET status = 'decided', decision = ?, decided_scopes = ?::text[], "
                            + "justification = ?, decided_by = ?, decided_at = ?, decision_cause = ? WHERE id = ?",
                    d.decision(), kept == null ? null : kept.toArray(new String[0]), d.justification().strip(), d.reviewer(),
                    now, cause.txn(), itemId);
            ReviewItem item = itemIn(directoryId, campaignId, itemId).orElseThrow();
            decided.fire(new ReviewsDecided(campaign, List.of(item), asReviewer, cause.actor()));
            // read again: the decision's audit record now exists
            return itemIn(directoryId, campaignId, itemId).orElseThrow();
        });
    }

    /**
     * Moves a pending item to other reviewers (users of this directory), with a note; the
     * history keeps who had it before. The new reviewers are notified as for a new request.
     */
    public ReviewItem reassign(UUID directoryId, UUID campaignId, UUID itemId, List<UUID> to, String note, Cause cause) {
        if (to == null || to.isEmpty() || to.stream().anyMatch(java.util.Objects::isNull)) {
            throw ReviewRefusal.invalid("/reviewers", "\"reviewers\" must name at least one user id");
        }
        if (note == null || note.isBlank()) {
            throw ReviewRefusal.invalid("/note", "\"note\" is required: why the item moves");
        }
        List<UUID> reviewers = List.copyOf(new java.util.LinkedHashSet<>(to));
        return transactions.run(() -> {
            Campaign campaign = requireCampaign(directoryId, campaignId);
            List<Object[]> locked = Jdbc.query(dataSource, "SELECT status, reviewers FROM review_items "
                            + "WHERE directory_id = ? AND campaign_id = ? AND id = ? FOR UPDATE",
                    rs -> new Object[] {rs.getString(1), Jdbc.uuids(rs.getArray(2))}, directoryId, campaignId, itemId);
            if (locked.isEmpty()) {
                throw ReviewRefusal.notFound("no item " + itemId + " in campaign " + campaignId);
            }
            if (!"pending".equals(locked.get(0)[0]) || !"open".equals(campaign.status())) {
                throw ReviewRefusal.conflict("item " + itemId + " is already decided");
            }
            List<UUID> active = Jdbc.query(dataSource, "SELECT id FROM users WHERE directory_id = ? AND id = ANY (?::uuid[]) "
                    + "AND active IS NOT FALSE", rs -> rs.getObject(1, UUID.class), directoryId, reviewers.toArray(new UUID[0]));
            for (int i = 0; i < reviewers.size(); i++) {
                if (!active.contains(reviewers.get(i))) {
                    throw ReviewRefusal.invalid("/reviewers/" + i, "no active user " + reviewers.get(i) + " in this directory");
                }
            }
            @SuppressWarnings("unchecked")
            List<UUID> from = (List<UUID>) locked.get(0)[1];
            ObjectNode actor = mapper.createObjectNode().put("type", cause.actor().type()).put("id", cause.actor().id());
            Jdbc.update(dataSource, """
                    INSERT INTO review_reassignments (item_id, seq, directory_id, from_reviewers, to_reviewers, note, actor,
                                                      cause, at)
                    SELECT ?, coalesce(max(seq), 0) + 1, ?, ?::uuid[], ?::uuid[], ?, ?::jsonb, ?, ?
                      FROM review_reassignments WHERE item_id = ?
                    """, itemId, directoryId, from.toArray(new UUID[0]), reviewers.toArray(new UUID[0]), note.strip(),
                    actor.toString(), cause.txn(), clock.now(), itemId);
            Jdbc.update(dataSource, "UPDATE review_items SET reviewers = ?::uuid[], reviewer_source = 'reassigned' WHERE id = ?",
                    reviewers.toArray(new UUID[0]), itemId);
            ReviewItem item = itemIn(directoryId, campaignId, itemId).orElseThrow();
            notices.fire(new ReviewNotice(ReviewNotice.Kind.REASSIGNED, campaign, List.of(item), note.strip(), cause));
            return item;
        });
    }

    // ---- helpers shared with the campaign job

    /** Walks the campaign's items matching {@code condition} (a constant fragment) a page at a time. */
    void forEachPage(UUID directoryId, UUID campaignId, String condition, OffsetDateTime now,
            java.util.function.Consumer<List<ReviewItem>> page) throws SQLException {
        forEachPage(directoryId, campaignId, condition, List.of(), now, page);
    }

    /** As above, {@code condition} binding {@code params}. */
    void forEachPage(UUID directoryId, UUID campaignId, String condition, List<Object> params, OffsetDateTime now,
            java.util.function.Consumer<List<ReviewItem>> page) throws SQLException {
        OffsetDateTime afterAt = null;
        UUID afterId = null;
        while (true) {
            List<Object> bound = new ArrayList<>();
            bound.add(now);
            bound.add(directoryId);
            bound.add(campaignId);
            bound.addAll(params);
            bound.addAll(java.util.Arrays.asList(afterAt, afterAt, afterId, PAGE));
            List<ReviewItem> items = Jdbc.query(dataSource, ReviewItemRows.select("(" + condition + ") AND "
                            + "(?::timestamptz IS NULL OR (i.created_at, i.id) > (?::timestamptz, ?::uuid))"),
                    ReviewItemRows::item, bound.toArray());
            if (items.isEmpty()) {
                return;
            }
            page.accept(items);
            if (items.size() < PAGE) {
                return;
            }
            ReviewItem last = items.get(items.size() - 1);
            afterAt = last.createdAt();
            afterId = last.id();
        }
    }

    Campaign requireCampaign(UUID directoryId, UUID campaignId) throws SQLException {
        return findIn(directoryId, campaignId)
                .orElseThrow(() -> ReviewRefusal.notFound("no review campaign " + campaignId + " in this directory"));
    }

    private void requireActiveDelegation(UUID directoryId, UUID delegationId) throws SQLException {
        List<String> status = Jdbc.query(dataSource, "SELECT status, revoke_reason FROM delegations "
                + "WHERE directory_id = ? AND id = ? FOR UPDATE", rs -> rs.getString(1) + " (" + rs.getString(2) + ")",
                directoryId, delegationId);
        if (status.isEmpty() || !status.get(0).startsWith("active")) {
            throw ReviewRefusal.conflict("delegation " + delegationId + " is no longer active: "
                    + (status.isEmpty() ? "gone" : status.get(0)));
        }
    }

    private void requireEnabled(UUID directoryId) throws SQLException {
        List<Boolean> disabled = Jdbc.query(dataSource, "SELECT disabled_at IS NOT NULL FROM directories WHERE id = ?",
                rs -> rs.getBoolean(1), directoryId);
        if (disabled.isEmpty() || disabled.get(0)) {
            throw ReviewRefusal.conflict("directory " + directoryId + " is disabled");
        }
    }

    private Campaign campaign(java.sql.ResultSet rs) throws SQLException {
        return new Campaign(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                Jdbc.readJson(mapper, rs.getString(4)), rs.getObject(5, OffsetDateTime.class),
                NoAnswerRule.of(rs.getString(6)).orElseThrow(), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                Jdbc.readJson(mapper, rs.getString(9)), rs.getObject(10, OffsetDateTime.class),
                new Campaign.Counts(rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15),
                        rs.getLong(16), rs.getLong(17)));
    }

    private static UUID[] ids(List<UUID> ids) {
        return ids == null ? null : ids.toArray(new UUID[0]);
    }

    private static String[] texts(List<String> texts) {
        return texts == null ? null : texts.toArray(new String[0]);
    }

}
