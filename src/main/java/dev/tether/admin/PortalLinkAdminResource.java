package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.events.Subscription;
import dev.tether.events.SubscriptionStore;
import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
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
 * Subscriber-portal links: a time-limited link (docs/subscriber-portal.md) that lets the owner
 * of the app behind one subscription manage its endpoint, see its deliveries, replay, test and
 * rotate the secret, without a JWT. Made, first used and revoked are recorded on the operator
 * trail by the link mechanism itself.
 */
@Path("/admin/v1/subscriptions/{id}/portal-links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class PortalLinkAdminResource {

    @Inject
    TimeLimitedLinks links;

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    RequestCause cause;

    @Inject
    TetherConfig config;

    @Inject
    Clock clock;

    @Context
    UriInfo uriInfo;

    /** {@code expiresIn}: an ISO-8601 duration ("PT24H", "P7D") or a whole number of seconds, as for setup links. */
    public record CreatePortalLink(
            @Schema(description = "how long the link works: an ISO-8601 duration (\"PT24H\", \"P3D\") or seconds;"
                    + " default 24 h, at most 7 days", oneOf = {String.class, Long.class})
            JsonNode expiresIn) {
    }

    /**
     * A portal link. {@code url} (which holds the token) is present only in the response that
     * made it. {@code status}: unused, in-use (opened, bound to one browser), expired or revoked.
     */
    public record PortalLinkView(UUID id, UUID subscriptionId, String status, Instant createdAt, Instant expiresAt,
            Instant firstUsedAt, Instant revokedAt, String url) {

        static PortalLinkView of(TimeLimitedLink link, Instant now, String url) {
            String status = link.revokedAt() != null ? "revoked" : link.expiredAt(now) ? "expired"
                    : link.firstUsedAt() != null ? "in-use" : "unused";
            return new PortalLinkView(link.id(), link.objectId(), status, link.createdAt(), link.expiresAt(),
                    link.firstUsedAt(), link.revokedAt(), url);
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the body (expiresIn) is optional
    @APIResponse(responseCode = "201", description = "the link; its URL is shown only here",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PortalLinkView.class)))
    public Response create(@PathParam("id") String id, CreatePortalLink body) {
        Subscription subscription = subscription(id);
        Duration lifetime = LinkLifetime.asked(body == null ? null : body.expiresIn());
        TimeLimitedLinks.IssuedLink issued;
        try {
            issued = links.issue(LinkKind.PORTAL, subscription.id(), lifetime, cause.get());
        } catch (TimeLimitedLinks.LifetimeOutOfBounds e) {
            throw AdminProblemException.badField("/expiresIn", "\"expiresIn\" must be more than 0 and at most "
                    + e.max.toSeconds() + " seconds (" + e.max + ")");
        }
        return Response.created(uriInfo.getAbsolutePathBuilder().path(issued.link().id().toString()).build())
                .entity(PortalLinkView.of(issued.link(), issued.link().createdAt(), linkUrl(issued.token())))
                .build();
    }

    @GET
    @APIResponse(responseCode = "200", description = "the subscription's portal links, newest first (never their URLs)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = PortalLinkView.class)))
    public List<PortalLinkView> list(@PathParam("id") String id) {
        Subscription subscription = subscription(id);
        Instant now = clock.instant();
        return links.of(LinkKind.PORTAL, subscription.id()).stream().map(l -> PortalLinkView.of(l, now, null)).toList();
    }

    @DELETE
    @Path("{linkId}")
    @APIResponse(responseCode = "204", description = "revoked: the link opens nothing any more")
    public Response revoke(@PathParam("id") String id, @PathParam("linkId") String linkId) {
        Subscription subscription = subscription(id);
        UUID link = AdminIds.pathId(linkId, noLink(linkId));
        boolean ours = links.find(link).filter(l -> l.kind() == LinkKind.PORTAL && subscription.id().equals(l.objectId()))
                .isPresent();
        if (!ours || !links.revoke(link, cause.get())) {
            throw AdminProblemException.notFound(noLink(linkId));
        }
        return Response.noContent().build();
    }

    private Subscription subscription(String id) {
        UUID subscription = AdminIds.pathId(id, "no subscription " + id);
        return subscriptions.find(subscription).orElseThrow(() -> AdminProblemException.notFound("no subscription " + id));
    }

    /** The address to send the app's owner: absolute, as a mail or chat message needs. */
    private String linkUrl(String token) {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri()) + "/link/" + token;
    }

    private static String noLink(String id) {
        return "no portal link " + id + " of this subscription";
    }
}
