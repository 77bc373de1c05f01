package dev.tether.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.reviews.Campaign;
import dev.tether.reviews.CampaignReportCsv;
import dev.tether.reviews.CampaignSelection;
import dev.tether.reviews.ReviewCampaigns;
import dev.tether.reviews.ReviewItem;
import dev.tether.reviews.ReviewPolicies;
import dev.tether.reviews.ReviewPolicy;
import dev.tether.reviews.ReviewViews;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Recertification for operators and IGA tools (role tether-integration): a directory's review
 * policy, campaigns, their items with usage, reviewers' decisions and reassignments, and the
 * evidence report (JSON, or CSV by Accept or ?format=csv). Errors are problem details and a
 * refused request changes nothing.
 */
@Path("/admin/v1/directories/{dir}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION})
@CustomDeserialization(StrictJsonBinding.class)
public class ReviewsAdminResource {

    static final String CSV = "text/csv";

    @Inject
    DirectoryLookup lookup;

    @Inject
    ReviewCampaigns campaigns;

    @Inject
    ReviewPolicies policies;

    @Inject
    RequestCause cause;

    @Inject
    ObjectMapper mapper;

    @Context
    UriInfo uriInfo;

    /** A directory's review policy; every field optional; {@code recurring} absent or null: no scheduled campaign. */
    public record PolicyRequest(List<ReviewPolicy.Interval> intervals, String defaultInterval, String onNoAnswer,
            List<UUID> fallbackReviewers, RecurringRequest recurring) {
    }

    /**
     * A campaign the policy opens every {@code every} (ISO 8601 period, P90D), due {@code dueIn}
     * (ISO 8601 duration, P14D) after it opens; the first at {@code startAt}, else at once.
     */
    public record RecurringRequest(String every, String dueIn, SelectRequest select, String onNoAnswer, String name,
            OffsetDateTime startAt) {
    }

    /** Which active delegations to review; durations are ISO 8601 (P30D, PT12H). */
    public record SelectRequest(List<UUID> agentIds, List<String> scopes, List<String> audiences, String olderThan,
            String unusedFor) {
    }

    public record CampaignRequest(String name, SelectRequest select, OffsetDateTime dueAt, String onNoAnswer) {
    }

    /** A reviewer's answer: approve, revoke, or narrow to {@code scopes}; {@code reviewer} is their user id or userName. */
    public record DecisionRequest(String decision, List<String> scopes, String justification, String reviewer) {
    }

    public record ReassignRequest(List<UUID> reviewers, String note) {
    }

    public record ReportView(Campaign campaign, List<ReviewItem> items, OffsetDateTime generatedAt) {
    }

    // ---- policy

    @GET
    @Path("review-policy")
    public ReviewPolicy policy(@PathParam("dir") String dir) {
        UUID directoryId = directory(dir);
        return policies.find(directoryId)
                .orElseThrow(() -> AdminProblemException.notFound("directory " + dir + " has no review policy"));
    }

    @PUT
    @Path("review-policy")
    public ReviewPolicy putPolicy(@PathParam("dir") String dir,
            PolicyRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = directory(dir);
        RecurringRequest r = body.recurring();
        ReviewPolicies.RecurringRequest recurring = r == null ? null : new ReviewPolicies.RecurringRequest(r.name(),
                r.every(), r.dueIn(), selection("/recurring/select", r.select()), asked(r.select()), r.onNoAnswer(),
                r.startAt());
        return policies.put(directoryId, body.intervals(), body.defaultInterval(), body.onNoAnswer(),
                body.fallbackReviewers(), recurring, cause.get());
    }

    // ---- campaigns

    @POST
    @Path("reviews")
    @APIResponse(responseCode = "201", description = "the campaign, its items opened",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Campaign.class)))
    public Response create(@PathParam("dir") String dir,
            CampaignRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = directory(dir);
        Campaign created = campaigns.create(directoryId, new ReviewCampaigns.Request(body.name(),
                selection("/select", body.select()), asked(body.select()), body.dueAt(), body.onNoAnswer()), cause.get());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Path("reviews")
    public Response list(@PathParam("dir") String dir, @QueryParam("limit") String limit, @QueryParam("after") String after) {
        UUID directoryId = directory(dir);
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "reviews");
        List<Campaign> rows = campaigns.list(directoryId, at(key), key == null ? null : key.id(), size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                c -> AdminPaging.cursor("reviews", AdminPaging.TimeKey.of(c.createdAt().toInstant(), c.id())), c -> c);
    }

    @GET
    @Path("reviews/{id}")
    public Campaign campaign(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        return campaigns.find(directoryId, campaignId(id)).orElseThrow(() -> noCampaign(id));
    }

    @GET
    @Path("reviews/{id}/items")
    public Response items(@PathParam("dir") String dir, @PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("reviewer") String reviewer, @QueryParam("limit") String limit, @QueryParam("after") String after) {
        UUID directoryId = directory(dir);
        if (status != null && !status.isEmpty() && !status.equals("pending") && !status.equals("decided")) {
            throw AdminProblemException.badParameter("status", "\"status\" must be pending or decided");
        }
        UUID reviewerId = AdminIds.queryId(reviewer, "reviewer");
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "review-items");
        List<ReviewItem> rows = campaigns.items(directoryId, campaignId(id), status == null || status.isEmpty() ? null : status,
                reviewerId, at(key), key == null ? null : key.id(), size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                i -> AdminPaging.cursor("review-items", AdminPaging.TimeKey.of(i.createdAt().toInstant(), i.id())), i -> i);
    }

    @GET
    @Path("reviews/{id}/items/{itemId}")
    public ReviewItem item(@PathParam("dir") String dir, @PathParam("id") String id, @PathParam("itemId") String itemId) {
        UUID directoryId = directory(dir);
        UUID campaign = campaignId(id);
        return AdminIds.parse(itemId).flatMap(i -> campaigns.item(directoryId, campaign, i))
                .orElseThrow(() -> AdminProblemException.notFound("no item " + itemId + " in campaign " + id));
    }

    @POST
    @Path("reviews/{id}/items/{itemId}/decision")
    public ReviewItem decide(@PathParam("dir") String dir, @PathParam("id") String id, @PathParam("itemId") String itemId,
            DecisionRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = directory(dir);
        UUID item = AdminIds.parse(itemId)
                .orElseThrow(() -> AdminProblemException.notFound("no item " + itemId + " in campaign " + id));
        UUID reviewer = body.reviewer() == null || body.reviewer().isBlank() ? null
                : AdminIds.parse(body.reviewer()).or(() -> campaigns.userByName(directoryId, body.reviewer()))
                        .orElseThrow(() -> new AdminProblemException(Response.Status.FORBIDDEN,
                                "no user " + body.reviewer() + " in this directory: not a reviewer of item " + itemId));
        return campaigns.decide(directoryId, campaignId(id), item, new ReviewCampaigns.Decision(body.decision(),
                body.scopes(), body.justification(), reviewer), cause.get());
    }

    @POST
    @Path("reviews/{id}/items/{itemId}/reassign")
    public ReviewItem reassign(@PathParam("dir") String dir, @PathParam("id") String id, @PathParam("itemId") String itemId,
            ReassignRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = directory(dir);
        UUID item = AdminIds.parse(itemId)
                .orElseThrow(() -> AdminProblemException.notFound("no item " + itemId + " in campaign " + id));
        return campaigns.reassign(directoryId, campaignId(id), item, body.reviewers(), body.note(), cause.get());
    }

    // ---- evidence

    @GET
    @Path("reviews/{id}/report")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION, AdminRoles.AUDITOR})
    @APIResponse(responseCode = "200", description = "every item, its decision, reviewer, time, usage and audit record",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportView.class)),
                    @Content(mediaType = CSV)})
    public Response report(@PathParam("dir") String dir, @PathParam("id") String id, @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        UUID directoryId = directory(dir);
        if (format != null && !format.isEmpty() && !format.equals("csv") && !format.equals("json")) {
            throw AdminProblemException.badParameter("format", "\"format\" must be json or csv");
        }
        ReviewCampaigns.Report report = campaigns.report(directoryId, campaignId(id));
        boolean csv = "csv".equals(format) || (format == null && wantsCsv(headers));
        if (csv) {
            return Response.ok(CampaignReportCsv.of(report), CSV + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"review-" + report.campaign().id() + ".csv\"")
                    .build();
        }
        return Response.ok(new ReportView(report.campaign(), report.items(), report.generatedAt()),
                MediaType.APPLICATION_JSON).build();
    }

    /** CSV only when Accept prefers it to JSON (or names it alone). */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType t : headers.getAcceptableMediaTypes()) {
            if (t.isCompatible(MediaType.valueOf(CSV)) && !t.isWildcardType()) {
                return true;
            }
            if (t.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    // ---- helpers

    private UUID directory(String dir) {
        return lookup.directoryOr404(dir).id;
    }

    private static UUID campaignId(String raw) {
        return AdminIds.parse(raw).orElseThrow(() -> noCampaign(raw));
    }

    private static AdminProblemException noCampaign(String raw) {
        return AdminProblemException.notFound("no review campaign " + raw + " in this directory");
    }

    private static OffsetDateTime at(AdminPaging.TimeKey key) {
        return key == null ? null : key.at().atOffset(java.time.ZoneOffset.UTC);
    }

    /** The select object read, its durations named by {@code pointer} when they are not ISO 8601. */
    private static CampaignSelection selection(String pointer, SelectRequest s) {
        return s == null ? null : new CampaignSelection(s.agentIds(), s.scopes(), s.audiences(),
                duration(pointer + "/olderThan", s.olderThan()), duration(pointer + "/unusedFor", s.unusedFor()));
    }

    /** The select object as asked, without the fields left out: what a campaign shows. */
    private ObjectNode asked(SelectRequest s) {
        return s == null ? mapper.createObjectNode() : withoutNulls(mapper.valueToTree(s));
    }

    private static Duration duration(String pointer, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(raw);
            if (d.isNegative()) {
                throw AdminProblemException.badField(pointer, "the duration must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw AdminProblemException.badField(pointer, "\"" + raw + "\" is not an ISO 8601 duration such as P30D or PT12H");
        }
    }

    private static ObjectNode withoutNulls(ObjectNode n) {
        List<String> empty = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(f -> {
            if (n.get(f).isNull()) {
                empty.add(f);
            }
        });
        n.remove(empty);
        return n;
    }
}
