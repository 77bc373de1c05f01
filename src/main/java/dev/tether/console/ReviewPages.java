package dev.tether.console;

import dev.tether.lineage.LineageRefusal;
import dev.tether.platform.Cause;
import dev.tether.reviews.Campaign;
import dev.tether.reviews.NoAnswerRule;
import dev.tether.reviews.ReviewCampaigns;
import dev.tether.reviews.ReviewItem;
import dev.tether.reviews.ReviewRefusal;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.ReviewLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The reviewer's page: what a review link ({@code /link/{token}}, landing as
 * {@code /review/{linkId}} once bound to the reviewer's browser) opens. It shows that reviewer's
 * items of the one campaign, with what each delegation allows and what was used of it, and takes
 * their answers through the campaign service's own decide, which records each with the reviewer
 * as actor (and the link as the way it came) and their justification.
 */
@Path("/review/{linkId}")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class ReviewPages {

    /** A reviewer's page shows at most this many of their items (one service page). */
    static final int MAX_ITEMS = 1000;
    static final int MAX_JUSTIFICATION = 1000;

    @Inject
    LinkVisit visit;

    @Inject
    ReviewLinks reviewLinks;

    @Inject
    ReviewCampaigns campaigns;

    @Inject
    ReviewCards cards;

    @Inject
    RequestCause cause;

    @Inject
    Pages pages;

    @CheckedTemplate(basePath = "review")
    static class Templates {
        static native TemplateInstance page(ReviewerPage page);
    }

    /** The link behind this page, if this browser may use it now, and the CSRF token its forms carry. */
    private record Holder(ReviewLinks.Made link, String csrf) {
        UUID directoryId() {
            return link.directoryId();
        }

        UUID campaignId() {
            return link.link().objectId();
        }
    }

    private Optional<Holder> holder(String linkId) {
        UUID id;
        try {
            id = UUID.fromString(linkId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return visit.link(id, LinkKind.REVIEW).flatMap(reviewLinks::made).map(made -> new Holder(made, visit.csrf(id)));
    }

    /** Says the link cannot be used, and nothing about what it was for (or whether it exists). */
    private Response refused() {
        return pages.refusal(Response.Status.FORBIDDEN, "This link cannot be used",
                "This link has expired, was revoked, or was opened in another browser. Ask whoever sent it for a new one.");
    }

    @GET
    public Response show(@PathParam("linkId") String linkId, @RestQuery String notice) {
        return holder(linkId).map(h -> page(h, notice, null, Response.Status.OK)).orElseGet(this::refused);
    }

    @POST
    @Path("items/{itemId}")
    public Response decide(@PathParam("linkId") String linkId, @PathParam("itemId") String itemId,
            @RestForm String decision, @RestForm List<String> keep, @RestForm String justification) {
        Optional<Holder> holder = holder(linkId);
        if (holder.isEmpty()) {
            return refused();
        }
        Holder h = holder.get();
        UUID item;
        try {
            item = UUID.fromString(itemId);
        } catch (IllegalArgumentException e) {
            return page(h, null, "There is no such item in your review.", Response.Status.NOT_FOUND);
        }
        if (justification != null && justification.length() > MAX_JUSTIFICATION) {
            return page(h, null, "Say why in at most " + MAX_JUSTIFICATION + " characters.", Response.Status.BAD_REQUEST);
        }
        boolean narrow = "narrow".equals(decision);
        List<String> kept = narrow ? (keep == null ? List.of() : keep) : null;
        if (narrow && kept.isEmpty()) {
            return page(h, null, "To narrow, tick the scopes to keep (to keep none, revoke).", Response.Status.BAD_REQUEST);
        }
        // the link is how the answer came; the service records the reviewer as the one who gave it
        Cause viaLink = cause.withoutCaller().actedBy(Cause.Actor.link(h.link().link().id()));
        ReviewItem decided;
        try {
            decided = campaigns.decide(h.directoryId(), h.campaignId(), item,
                    new ReviewCampaigns.Decision(decision, kept, justification, h.link().reviewer()), viaLink);
        } catch (ReviewRefusal e) {
            return page(h, null, message(e), switch (e.kind()) {
                case INVALID -> Response.Status.BAD_REQUEST;
                case NOT_THE_REVIEWER, NOT_FOUND -> Response.Status.NOT_FOUND;
                case CONFLICT -> Response.Status.CONFLICT;
            });
        } catch (LineageRefusal e) {
            return page(h, null, e.getMessage(), Response.Status.BAD_REQUEST);
        }
        ReviewCard card = cards.card(decided, false);
        String done = card.decisionLabel() + ": " + card.agent() + " for " + card.delegator() + ".";
        return Response.seeOther(UriBuilder.fromPath("/review/" + h.link().link().id()).queryParam("notice", done)
                .fragment("item-" + decided.id()).build()).build();
    }

    /** A refusal as the reviewer reads it: another reviewer's item is as unknown as one that does not exist. */
    private static String message(ReviewRefusal e) {
        return switch (e.kind()) {
            case NOT_THE_REVIEWER, NOT_FOUND -> "There is no such item in your review.";
            case CONFLICT -> e.getMessage().contains("already decided") ? "This item was already answered; it cannot be answered again."
                    : e.getMessage().contains("closed") ? "This review has closed: its due date passed."
                    : "This delegation is no longer active, so there is nothing left to decide.";
            case INVALID -> switch (String.valueOf(e.pointer())) {
                case "/justification" -> "Say why: a justification is required for every answer.";
                case "/decision" -> "Choose approve, narrow or revoke.";
                case "/scopes" -> "To narrow, tick the scopes to keep.";
                default -> e.getMessage();
            };
        };
    }

    private Response page(Holder h, String notice, String error, Response.Status status) {
        Optional<Campaign> found = campaigns.find(h.directoryId(), h.campaignId());
        if (found.isEmpty()) {
            return refused();
        }
        Campaign c = found.get();
        UUID reviewer = h.link().reviewer();
        List<ReviewItem> items = campaigns.items(h.directoryId(), c.id(), false, reviewer, null, null, MAX_ITEMS);
        String name = items.stream().flatMap(i -> i.reviewers().stream()).filter(p -> reviewer.equals(p.id()))
                .map(ReviewCards::name).findFirst().orElse("you");
        List<ReviewCard> shown = items.stream().map(i -> cards.card(i, true)).toList();
        long decided = shown.stream().filter(ReviewCard::decided).count();
        ReviewerPage page = new ReviewerPage(h.link().link().id(), c.name(), name, c.dueAt().toInstant(),
                "open".equals(c.status()) ? ReviewCards.noAnswer(NoAnswerRule.of(c.onNoAnswer()).orElseThrow()) : "the review has closed", decided,
                shown.size(), shown, h.csrf(), notice, error);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.page(page).render()).build();
    }
}
