package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.directory.Directory;
import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.reviews.Campaign;
import dev.tether.reviews.ReviewCampaigns;
import dev.tether.security.AdminRoles;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.ReviewLinks;
import dev.tether.security.TimeLimitedLink;
import dev.tether.security.TimeLimitedLinks;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Review links: a time-limited link (docs/recertification.md) that shows one reviewer their
 * items of one campaign, with usage, and takes their answers, without an account. Made, first
 * used and revoked are recorded on the operator trail by the link mechanism itself, naming the
 * reviewer; each answer given through it is audited in the directory with the reviewer as actor.
 */
@Path("/admin/v1/directories/{dir}/reviews/{campaignId}/links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class ReviewLinkAdminResource {

    @Inject
    DirectoryLookup directories;

    @Inject
    ReviewCampaigns campaigns;

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

    @Context
    UriInfo uriInfo;

    public record CreateReviewLink(
            @Schema(description = "the user id of the reviewer: one of the reviewers of at least one item of the campaign",
                    required = true)
            String reviewer,
            @Schema(description = "how long the link works: an ISO-8601 duration (\"PT24H\", \"P7D\") or seconds;"
                    + " default 24 h, at most 7 days", oneOf = {String.class, Long.class})
            JsonNode expiresIn) {
    }

    /**
     * A review link. {@code url} (which holds the token) is present only in the response that
     * made it. {@code status}: unused, in-use (opened, bound to one browser), expired or revoked.
     */
    public record ReviewLinkView(UUID id, UUID campaignId, UUID reviewer, String status, Instant createdAt,
            Instant expiresAt, Instant firstUsedAt, Instant revokedAt, String url) {

        static ReviewLinkView of(ReviewLinks.Made link, Instant now, String url) {
            TimeLimitedLink l = link.link();
            String status = l.revokedAt() != null ? "revoked" : l.expiredAt(now) ? "expired"
                    : l.firstUsedAt() != null ? "in-use" : "unused";
            return new ReviewLinkView(l.id(), l.objectId(), link.reviewer(), status, l.createdAt(), l.expiresAt(),
                    l.firstUsedAt(), l.revokedAt(), url);
        }
    }

    @POST
    @APIResponse(responseCode = "201", description = "the link; its URL is shown only here",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewLinkView.class)))
    public Response create(@PathParam("dir") String dir, @PathParam("campaignId") String campaignId,
            CreateReviewLink body) {
        Campaign campaign = campaign(dir, campaignId);
        if (body == null || body.reviewer() == null) {
            throw AdminProblemException.badField("/reviewer", "\"reviewer\" (the reviewer's user id) is required");
        }
        UUID reviewer = AdminIds.parse(body.reviewer()).orElseThrow(
                () -> AdminProblemException.badField("/reviewer", "\"reviewer\" is not an id"));
        Duration lifetime = LinkLifetime.asked(body.expiresIn());
        if (!"open".equals(campaign.status())) {
            throw new AdminProblemException(Response.Status.CONFLICT,
                    "campaign " + campaign.id() + " is closed: there is nothing left to answer");
        }
        if (campaigns.items(campaign.directoryId(), campaign.id(), false, reviewer, null, null, 1).isEmpty()) {
            throw AdminProblemException.badField("/reviewer",
                    "user " + reviewer + " is not a reviewer of any item of campaign " + campaign.id());
        }
        ReviewLinks.Issued issued;
        try {
            issued = reviewLinks.issue(campaign.directoryId(), campaign.id(), reviewer, lifetime, cause.get());
        } catch (TimeLimitedLinks.LifetimeOutOfBounds e) {
            throw AdminProblemException.badField("/expiresIn", "\"expiresIn\" must be more than 0 and at most "
                    + e.max.toSeconds() + " seconds (" + e.max + ")");
        }
        return Response.created(uriInfo.getAbsolutePathBuilder().path(issued.made().link().id().toString()).build())
                .entity(ReviewLinkView.of(issued.made(), issued.made().link().createdAt(), linkUrl(issued.token())))
                .build();
    }

    @GET
    @APIResponse(responseCode = "200", description = "the campaign's review links, newest first (never their URLs)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ReviewLinkView.class)))
    public List<ReviewLinkView> list(@PathParam("dir") String dir, @PathParam("campaignId") String campaignId) {
        Campaign campaign = campaign(dir, campaignId);
        Instant now = clock.instant();
        return reviewLinks.of(campaign.id()).stream().map(l -> ReviewLinkView.of(l, now, null)).toList();
    }

    @DELETE
    @Path("{linkId}")
    @APIResponse(responseCode = "204", description = "revoked: the link opens nothing any more")
    public Response revoke(@PathParam("dir") String dir, @PathParam("campaignId") String campaignId,
            @PathParam("linkId") String linkId) {
        Campaign campaign = campaign(dir, campaignId);
        UUID link = AdminIds.pathId(linkId, noLink(linkId));
        boolean ours = links.find(link).filter(l -> l.kind() == LinkKind.REVIEW && campaign.id().equals(l.objectId()))
                .isPresent();
        if (!ours || !links.revoke(link, cause.get())) {
            throw AdminProblemException.notFound(noLink(linkId));
        }
        return Response.noContent().build();
    }

    private Campaign campaign(String dir, String campaignId) {
        Directory directory = directories.directoryOr404(dir);
        UUID id = AdminIds.pathId(campaignId, noCampaign(campaignId));
        return campaigns.find(directory.id, id).orElseThrow(() -> AdminProblemException.notFound(noCampaign(campaignId)));
    }

    /** The address to send the reviewer: absolute, as a mail or chat message needs. */
    private String linkUrl(String token) {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri()) + "/link/" + token;
    }

    private static String noCampaign(String id) {
        return "no review campaign " + id + " in this directory";
    }

    private static String noLink(String id) {
        return "no review link " + id + " of this campaign";
    }
}
