package dev.tether.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.reviews.Campaign;
import dev.tether.reviews.CampaignReportCsv;
import dev.tether.reviews.CampaignSelection;
import dev.tether.reviews.NoAnswerRule;
import dev.tether.reviews.ReviewCampaigns;
import dev.tether.reviews.ReviewItem;
import dev.tether.reviews.ReviewRefusal;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.ReviewLinks;
import dev.tether.security.TimeLimitedLink;
import dev.tether.security.TimeLimitedLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The operator's access reviews, per directory: campaigns with their progress, a form that opens
 * one, a campaign's items and reviewers, a review link per reviewer (its address shown once) and
 * the evidence report. Everything goes through the campaign service and the link mechanism the
 * admin API uses, audited with the signed-in person as actor; an auditor sees it all and no
 * change control.
 */
@Path("/console/directories/{id}/reviews")
@BrowserPage
@RegisterForReflection(targets = ReviewCampaigns.Report.class) // the JSON report
@Produces(MediaType.TEXT_HTML)
public class ReviewCampaignPages {

    /** A campaign page lists at most this many items (one service page); the report has them all. */
    static final int MAX_ITEMS = 1000;
    static final int MAX_CAMPAIGNS = 100;
    static final String CSV = "text/csv";

    @Inject
    Directories directories;

    @Inject
    SignedIn signedIn;

    @Inject
    ReviewCampaigns campaigns;

    @Inject
    ReviewCards cards;

    @Inject
    ReviewLinks reviewLinks;

    @Inject
    TimeLimitedLinks links;

    @Inject
    RequestCause cause;

    @Inject
    TetherConfig config;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pages pages;

    @Context
    UriInfo uriInfo;

    @TemplateData
    public record CampaignRow(UUID id, String name, String state, boolean open, long decided, long total, Instant dueAt,
            String onNoAnswer) {

        /** A progress bar's maximum: never 0 (an empty campaign shows an empty bar). */
        public long totalOrOne() {
            return Math.max(total, 1);
        }

        static CampaignRow of(Campaign c) {
            return new CampaignRow(c.id(), c.name(), c.status(), "open".equals(c.status()),
                    c.counts().items() - c.counts().pending(), c.counts().items(), c.dueAt().toInstant(),
                    c.onNoAnswer());
        }
    }

    @TemplateData
    public record ReviewerRow(UUID id, String name, long decided, long total) {
        public boolean open() {
            return decided < total;
        }
    }

    @TemplateData
    public record LinkRow(UUID id, String reviewer, String status, Instant createdAt, Instant expiresAt, boolean revocable) {
    }

    /** A link just made: its address, shown on this one response only. */
    @TemplateData
    public record MadeLink(String reviewer, String url) {
    }

    @TemplateData
    public record NoAnswerChoice(String id, String label) {
    }

    /** What the create form was filled with, shown again when it is refused. */
    @TemplateData
    public record CampaignForm(String name, String dueInDays, String onNoAnswer, String agentIds, String scopes,
            String audiences, String olderThanDays, String unusedForDays) {
    }

    static final List<NoAnswerChoice> NO_ANSWER = List.of(
            new NoAnswerChoice(NoAnswerRule.KEEP_FLAGGED.code, "Keep it, flagged for follow-up"),
            new NoAnswerChoice(NoAnswerRule.NARROW_TO_USED.code, "Narrow it to the scopes it used (revoke if none)"),
            new NoAnswerChoice(NoAnswerRule.REVOKE.code, "Revoke it"));

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance reviews(PageFrame frame, UUID directoryId, String directoryName,
                List<CampaignRow> campaigns, List<NoAnswerChoice> noAnswerRules, CampaignForm form, String error);

        static native TemplateInstance reviewCampaign(PageFrame frame, UUID directoryId, CampaignRow c,
                List<ReviewerRow> reviewers, List<LinkRow> links, List<ReviewCard> items,
                List<SetupLinkPages.Lifetime> lifetimes, MadeLink made, String notice, String error);
    }

    @GET
    public Response list(@PathParam("id") String id) {
        Directory d = directory(id);
        return d == null ? notFound() : html(listPage(d, new CampaignForm(null, null, null, null, null, null, null, null),
                null), Response.Status.OK);
    }

    @POST
    public Response create(@PathParam("id") String id, @RestForm String name, @RestForm String dueInDays,
            @RestForm String onNoAnswer, @RestForm String agentIds, @RestForm String scopes, @RestForm String audiences,
            @RestForm String olderThanDays, @RestForm String unusedForDays) {
        Directory d = directory(id);
        if (d == null) {
            return notFound();
        }
        CampaignForm form = new CampaignForm(name, dueInDays, onNoAnswer, agentIds, scopes, audiences, olderThanDays,
                unusedForDays);
        Long due = days(dueInDays);
        Long older = days(olderThanDays);
        Long unused = days(unusedForDays);
        List<String> agentList = words(agentIds);
        List<UUID> agents = new ArrayList<>();
        for (String a : agentList) {
            try {
                agents.add(UUID.fromString(a));
            } catch (IllegalArgumentException e) {
                return html(listPage(d, form, "\"" + a + "\" is not an agent id."), Response.Status.BAD_REQUEST);
            }
        }
        if (due == null || due < 1 || NoAnswerRule.of(onNoAnswer).isEmpty()
                || blankOr(olderThanDays) && older == null || blankOr(unusedForDays) && unused == null) {
            return html(listPage(d, form, "Give a name, a number of days until the answers are due (1 or more), one of the"
                    + " no-answer rules offered, and whole numbers of days for the age and idle filters."),
                    Response.Status.BAD_REQUEST);
        }
        ObjectNode asked = mapper.createObjectNode();
        CampaignSelection select = new CampaignSelection(agents.isEmpty() ? null : agents, list(scopes, asked, "scopes"),
                list(audiences, asked, "audiences"), older == null ? null : Duration.ofDays(older),
                unused == null ? null : Duration.ofDays(unused));
        if (!agents.isEmpty()) {
            agentList.forEach(asked.putArray("agentIds")::add);
        }
        if (older != null) {
            asked.put("olderThan", "P" + older + "D");
        }
        if (unused != null) {
            asked.put("unusedFor", "P" + unused + "D");
        }
        Campaign made;
        try {
            made = campaigns.create(d.id, new ReviewCampaigns.Request(name, select, asked,
                    clock.now().plusDays(due), onNoAnswer), cause.get());
        } catch (ReviewRefusal e) {
            return html(listPage(d, form, e.getMessage()),
                    e.kind() == ReviewRefusal.Kind.CONFLICT ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST);
        }
        return Response.seeOther(uriInfo.getBaseUriBuilder().path("/console/directories/" + d.id + "/reviews/" + made.id())
                .build()).build();
    }

    @GET
    @Path("{campaignId}")
    public Response campaign(@PathParam("id") String id, @PathParam("campaignId") String campaignId) {
        Directory d = directory(id);
        Campaign c = d == null ? null : campaign(d, campaignId);
        return c == null ? notFound() : html(campaignPage(d, c, null, null, null), Response.Status.OK);
    }

    /** The evidence report, as the admin API gives it: every item, decision, reviewer, time, usage and audit record. */
    @GET
    @Path("{campaignId}/report.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reportJson(@PathParam("id") String id, @PathParam("campaignId") String campaignId)
            throws JsonProcessingException {
        Directory d = directory(id);
        Campaign c = d == null ? null : campaign(d, campaignId);
        if (c == null) {
            return notFound();
        }
        return download(mapper.writeValueAsString(campaigns.report(d.id, c.id())), MediaType.APPLICATION_JSON, c, "json");
    }

    @GET
    @Path("{campaignId}/report.csv")
    @Produces(CSV)
    public Response reportCsv(@PathParam("id") String id, @PathParam("campaignId") String campaignId) {
        Directory d = directory(id);
        Campaign c = d == null ? null : campaign(d, campaignId);
        if (c == null) {
            return notFound();
        }
        return download(CampaignReportCsv.of(campaigns.report(d.id, c.id())), CSV, c, "csv");
    }

    private static Response download(String body, String type, Campaign c, String extension) {
        return Response.ok(body, type + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"review-" + c.id() + "." + extension + "\"")
                .build();
    }

    @POST
    @Path("{campaignId}/links")
    public Response makeLink(@PathParam("id") String id, @PathParam("campaignId") String campaignId,
            @RestForm String reviewer, @RestForm String lifetimeHours) {
        Directory d = directory(id);
        Campaign c = d == null ? null : campaign(d, campaignId);
        if (c == null) {
            return notFound();
        }
        UUID user = parseId(reviewer);
        Integer hours = parseInt(lifetimeHours);
        if (user == null || hours == null || SetupLinkPages.LIFETIMES.stream().noneMatch(l -> l.hours() == hours)
                || campaigns.items(d.id, c.id(), false, user, null, null, 1).isEmpty()) {
            return html(campaignPage(d, c, null, null, "Choose one of the reviewers and lifetimes offered."),
                    Response.Status.BAD_REQUEST);
        }
        if (!"open".equals(c.status())) {
            return html(campaignPage(d, c, null, null, "This campaign has closed: there is nothing left to answer."),
                    Response.Status.CONFLICT);
        }
        ReviewLinks.Issued issued = reviewLinks.issue(d.id, c.id(), user, Duration.ofHours(hours), cause.get());
        String name = reviewerNames(d, c).getOrDefault(user, user.toString());
        return html(campaignPage(d, c, new MadeLink(name, publicBase() + "/link/" + issued.token()), null, null),
                Response.Status.CREATED);
    }

    @POST
    @Path("{campaignId}/links/{linkId}/revoke")
    public Response revokeLink(@PathParam("id") String id, @PathParam("campaignId") String campaignId,
            @PathParam("linkId") String linkId) {
        Directory d = directory(id);
        Campaign c = d == null ? null : campaign(d, campaignId);
        UUID link = parseId(linkId);
        if (c == null || link == null || links.find(link).filter(l -> l.kind() == LinkKind.REVIEW
                && c.id().equals(l.objectId())).isEmpty()) {
            return notFound();
        }
        links.revoke(link, cause.get());
        return Response.seeOther(uriInfo.getBaseUriBuilder().path("/console/directories/" + d.id + "/reviews/" + c.id())
                .build()).build();
    }

    private TemplateInstance listPage(Directory d, CampaignForm form, String error) {
        List<CampaignRow> rows = campaigns.list(d.id, null, null, MAX_CAMPAIGNS).stream().map(CampaignRow::of).toList();
        return Templates.reviews(signedIn.frame("Access reviews · " + d.name, "directories"), d.id, d.name, rows,
                NO_ANSWER, form, error);
    }

    private TemplateInstance campaignPage(Directory d, Campaign c, MadeLink made, String notice, String error) {
        List<ReviewItem> items = campaigns.items(d.id, c.id(), false, null, null, null, MAX_ITEMS);
        // reviewers in the order they first appear, with how many of their items are answered
        Map<UUID, long[]> counts = new LinkedHashMap<>();
        Map<UUID, String> names = new LinkedHashMap<>();
        for (ReviewItem i : items) {
            for (ReviewItem.Party r : i.reviewers()) {
                names.putIfAbsent(r.id(), ReviewCards.name(r));
                long[] n = counts.computeIfAbsent(r.id(), k -> new long[2]);
                n[1]++;
                if (!i.pending()) {
                    n[0]++;
                }
            }
        }
        List<ReviewerRow> reviewers = counts.entrySet().stream()
                .map(e -> new ReviewerRow(e.getKey(), names.get(e.getKey()), e.getValue()[0], e.getValue()[1])).toList();
        Instant now = clock.instant();
        List<LinkRow> linkRows = reviewLinks.of(c.id()).stream().map(l -> linkRow(l, names, now)).toList();
        return Templates.reviewCampaign(signedIn.frame(c.name() + " · " + d.name, "directories"), d.id, CampaignRow.of(c),
                reviewers, linkRows, items.stream().map(i -> cards.card(i, false)).toList(), SetupLinkPages.LIFETIMES, made,
                notice, error);
    }

    private Map<UUID, String> reviewerNames(Directory d, Campaign c) {
        Map<UUID, String> names = new LinkedHashMap<>();
        campaigns.items(d.id, c.id(), false, null, null, null, MAX_ITEMS)
                .forEach(i -> i.reviewers().forEach(r -> names.putIfAbsent(r.id(), ReviewCards.name(r))));
        return names;
    }

    private static LinkRow linkRow(ReviewLinks.Made made, Map<UUID, String> names, Instant now) {
        TimeLimitedLink l = made.link();
        String status = l.revokedAt() != null ? "revoked" : l.expiredAt(now) ? "expired"
                : l.firstUsedAt() != null ? "opened" : "unused";
        return new LinkRow(l.id(), names.getOrDefault(made.reviewer(), made.reviewer().toString()), status, l.createdAt(),
                l.expiresAt(), !"revoked".equals(status) && !"expired".equals(status));
    }

    private Campaign campaign(Directory d, String campaignId) {
        UUID id = parseId(campaignId);
        return id == null ? null : campaigns.find(d.id, id).orElse(null);
    }

    private Directory directory(String id) {
        UUID parsed = parseId(id);
        return parsed == null ? null : directories.find(parsed).orElse(null);
    }

    private static UUID parseId(String id) {
        try {
            return id == null ? null : UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer parseInt(String number) {
        try {
            return number == null ? null : Integer.valueOf(number.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A whole number of days from 0 to 3650; null when blank or not one. */
    private static Long days(String number) {
        try {
            long n = number == null || number.isBlank() ? -1 : Long.parseLong(number.strip());
            return n < 0 || n > 3650 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean blankOr(String value) {
        return value != null && !value.isBlank();
    }

    /** Values separated by commas or spaces, none empty. */
    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    /** The values of a filter field (null when none), also put in the selection as asked. */
    private static List<String> list(String text, ObjectNode asked, String field) {
        List<String> values = words(text);
        if (values.isEmpty()) {
            return null;
        }
        values.forEach(asked.putArray(field)::add);
        return values;
    }

    private Response notFound() {
        return pages.refusal(Response.Status.NOT_FOUND, "Not found", "There is no such directory, review campaign or link.");
    }

    private static Response html(TemplateInstance page, Response.Status status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render()).build();
    }

    private String publicBase() {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri());
    }
}
