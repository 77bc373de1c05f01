package dev.tether.console;

import dev.tether.lineage.AgentDirectory;
import dev.tether.lineage.Delegation;
import dev.tether.lineage.Delegations;
import dev.tether.reviews.NoAnswerRule;
import dev.tether.reviews.ReviewItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Review items as the reviewer's page and the operator's campaign page show them. */
@ApplicationScoped
public class ReviewCards {

    @Inject
    Delegations delegations;

    @Inject
    AgentDirectory agents;

    /**
     * One item as a card. {@code withChain}: spell out every agent between the human and this
     * one (a lookup per link beyond the second, so only on pages of one reviewer's items).
     */
    public ReviewCard card(ReviewItem i, boolean withChain) {
        List<String> credentials = i.credentials().stream()
                .map(c -> c.kind() + " " + c.externalId() + " for " + c.audience() + " (" + c.status() + ")").toList();
        return new ReviewCard(i.id(), name(i.agent()), name(i.delegator()), reviewers(i), i.scopes(), i.audience(),
                instant(i.expiresAt()), withChain ? chain(i) : List.of(), credentials, instant(i.usage().since()),
                i.usage().scopesUsed(), i.usage().count(), instant(i.usage().lastUsedAt()), i.usage().denials(),
                i.decision(), i.decidedScopes(), decidedBy(i), instant(i.decidedAt()), i.justification());
    }

    /** What happens to an unanswered item at the due date, as a reviewer reads it. */
    public static String noAnswer(NoAnswerRule rule) {
        return switch (rule) {
            case REVOKE -> "it is revoked";
            case NARROW_TO_USED -> "it keeps only the scopes it used (and is revoked if it used none)";
            case KEEP_FLAGGED -> "it stays, flagged for follow-up";
        };
    }

    /** The human first, then every agent down to this item's, by name. */
    private List<String> chain(ReviewItem i) {
        List<String> chain = new ArrayList<>();
        chain.add(name(i.rootUser()));
        List<UUID> ids = i.chain();
        // every delegation above this one names the agent it was granted to; the last is the item's own
        for (int k = 0; k < ids.size() - 1; k++) {
            if (k == ids.size() - 2 && "Agent".equals(i.delegator().type())) {
                chain.add(name(i.delegator())); // the delegator is the agent just above
                continue;
            }
            chain.add(delegations.find(i.directoryId(), ids.get(k)).map(Delegation::agentId)
                    .map(agent -> agentName(i.directoryId(), agent)).orElse("(gone)"));
        }
        chain.add(name(i.agent()));
        return chain;
    }

    private String agentName(UUID directoryId, UUID agentId) {
        return agents.find(directoryId, agentId).map(r -> r.doc().path("name").asText(agentId.toString()))
                .orElse(agentId.toString());
    }

    private static String reviewers(ReviewItem i) {
        return i.reviewers().isEmpty() ? "nobody (the no-answer rule settles it)"
                : String.join(", ", i.reviewers().stream().map(ReviewCards::name).toList());
    }

    private static String decidedBy(ReviewItem i) {
        if (i.decision() == null) {
            return null;
        }
        if (i.noAnswer() || i.decidedBy() == null) {
            return "the no-answer rule";
        }
        return i.reviewers().stream().filter(r -> i.decidedBy().equals(r.id())).findFirst().map(ReviewCards::name)
                .orElse(i.decidedBy().toString());
    }

    static String name(ReviewItem.Party p) {
        return p == null ? "" : p.name() != null ? p.name() : p.id().toString();
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
