package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.ObserverOrder;
import dev.tether.reviews.Campaign;
import dev.tether.reviews.CampaignChanged;
import dev.tether.reviews.ReviewItem;
import dev.tether.reviews.ReviewNotice;
import dev.tether.reviews.ReviewPolicy;
import dev.tether.reviews.ReviewPolicyChanged;
import dev.tether.reviews.ReviewViews;
import dev.tether.reviews.ReviewsDecided;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Recertification on the audit trail: a campaign opened (one record for all its items) and
 * closed, each decision (actor: the reviewer, or system for the no-answer rule; details: the
 * justification, what was kept, who submitted it), each reassignment, a round of reminders, and
 * policy changes. details.rootUser puts decisions on the delegating user's trail.
 */
@ApplicationScoped
public class ReviewAuditObserver {

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public ReviewAuditObserver(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    void onCampaign(@Observes @Priority(ObserverOrder.AUDIT) CampaignChanged e) {
        Campaign c = e.campaign();
        boolean opened = e.kind() == CampaignChanged.Kind.OPENED;
        AuditEntry entry = AuditEntry.of(c.directoryId(), opened ? "review.campaign.create" : "review.campaign.close")
                .target("ReviewCampaign", c.id())
                .cause(e.cause())
                .detail("name", c.name())
                .detail("dueAt", ReviewViews.time(c.dueAt()))
                .detail("onNoAnswer", c.onNoAnswer().code)
                .detail("items", c.counts().items());
        if (opened) {
            entry.detail("select", c.selection());
        } else {
            entry.detail("noAnswer", c.counts().noAnswer());
        }
        audit.append(entry);
    }

    void onDecided(@Observes @Priority(ObserverOrder.AUDIT) ReviewsDecided e) {
        List<AuditEntry> records = new ArrayList<>(e.items().size());
        for (ReviewItem i : e.items()) {
            AuditEntry entry = AuditEntry.of(i.directoryId(), "review.decide")
                    .target("ReviewItem", i.id())
                    .cause(e.cause())
                    .detail("campaign", i.campaignId().toString())
                    .detail("decision", i.decision())
                    .detail("noAnswer", i.noAnswer() ? "true" : "false")
                    .detail("delegation", i.delegationId().toString())
                    .detail("agent", i.agent().id().toString())
                    .detail("rootUser", i.rootUser().id().toString())
                    .detail("submittedBy", mapper.createObjectNode().put("type", e.submittedBy().type())
                            .put("id", e.submittedBy().id()));
            if (i.justification() != null) {
                entry.detail("justification", i.justification());
            }
            if (i.decidedScopes() != null) {
                ArrayNode kept = mapper.createArrayNode();
                i.decidedScopes().forEach(kept::add);
                entry.detail("scopes", kept);
            }
            ObjectNode usage = mapper.createObjectNode();
            ReviewViews.putUsage(usage, i.usage());
            entry.detail("usage", usage);
            records.add(entry);
        }
        audit.appendAll(records);
    }

    void onNotice(@Observes @Priority(ObserverOrder.AUDIT) ReviewNotice n) {
        if (n.kind() == ReviewNotice.Kind.OPENED) {
            return; // the campaign's own record covers the items it opened
        }
        if (n.kind() == ReviewNotice.Kind.REMINDED) {
            audit.append(AuditEntry.of(n.campaign().directoryId(), "review.remind")
                    .target("ReviewCampaign", n.campaign().id())
                    .cause(n.cause())
                    .detail("items", n.items().size()));
            return;
        }
        List<AuditEntry> records = new ArrayList<>();
        for (ReviewItem i : n.items()) {
            ArrayNode to = mapper.createArrayNode();
            i.reviewers().forEach(r -> to.add(r.id().toString()));
            records.add(AuditEntry.of(i.directoryId(), "review.reassign")
                    .target("ReviewItem", i.id())
                    .cause(n.cause())
                    .detail("campaign", i.campaignId().toString())
                    .detail("delegation", i.delegationId().toString())
                    .detail("rootUser", i.rootUser().id().toString())
                    .detail("reviewers", to)
                    .detail("note", n.note()));
        }
        audit.appendAll(records);
    }

    void onPolicy(@Observes @Priority(ObserverOrder.AUDIT) ReviewPolicyChanged e) {
        ReviewPolicy p = e.policy();
        audit.append(AuditEntry.of(p.directoryId(), "review.policy.update")
                .target("Directory", p.directoryId())
                .cause(e.cause())
                .after(mapper.valueToTree(p)));
    }
}
