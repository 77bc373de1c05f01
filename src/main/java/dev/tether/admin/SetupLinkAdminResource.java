package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.directory.Directory;
import dev.tether.directory.IdentityProvider;
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
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Setup links: a time-limited link an operator sends to a customer's IT admin, who opens it to
 * connect their identity provider to one directory (docs/setup-links.md). Made, listed and
 * revoked here; opened at /link/{token}, which leads to the setup page.
 */
@Path("/admin/v1/directories/{id}/setup-links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class SetupLinkAdminResource {

    private static final String IDP = LinkKind.IDP_DETAIL;

    @Inject
    DirectoryLookup lookup;

    @Inject
    TimeLimitedLinks links;

    @Inject
    TetherConfig config;

    @Inject
    Clock clock;

    @Inject
    RequestCause cause;

    @Context
    UriInfo uriInfo;

    /**
     * {@code expiresIn}: an ISO-8601 duration ("PT24H", "P7D") or a whole number of seconds;
     * {@code idp}: which identity provider's instructions the page opens with.
     */
    public record CreateSetupLink(
            @Schema(description = "how long the link works: an ISO-8601 duration (\"PT24H\", \"P3D\") or seconds;"
                    + " default 24 h, at most 7 days", oneOf = {String.class, Long.class})
            JsonNode expiresIn,
            @Schema(description = "the identity provider the page opens with",
                    enumeration = {"entra", "okta", "google", "onelogin", "jumpcloud"})
            String idp) {
    }

    /** A setup link as made: {@code url} holds its secret and is shown only here. */
    public record IssuedSetupLink(UUID id, String url, String idp, Instant createdAt, Instant expiresAt) {
    }

    /** A setup link as listed: never its secret. {@code status}: unused, opened, expired or revoked. */
    public record SetupLinkView(UUID id, String idp, String status, Instant createdAt, Instant expiresAt,
                                Instant firstUsedAt, Instant revokedAt, String createdBy) {
    }

    @POST
    @APIResponse(responseCode = "201", description = "the link; its URL is shown only here",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedSetupLink.class)))
    @APIResponse(responseCode = "400", description = "expiresIn not a duration, not positive, or beyond the maximum; idp unknown")
    @APIResponse(responseCode = "409", description = "the directory is disabled")
    public Response create(@PathParam("id") String id, CreateSetupLink body) {
        Directory directory = lookup.directoryOr404(id);
        if (directory.disabled()) {
            throw new AdminProblemException(Response.Status.CONFLICT,
                    "directory " + id + " is disabled; enable it before sending a setup link");
        }
        Duration lifetime = LinkLifetime.asked(body == null ? null : body.expiresIn());
        IdentityProvider idp = idp(body == null ? null : body.idp());
        TimeLimitedLinks.IssuedLink issued;
        try {
            issued = links.issue(LinkKind.SETUP, directory.id, lifetime, idp == null ? Map.of() : Map.of(IDP, idp.id),
                    cause.get());
        } catch (TimeLimitedLinks.LifetimeOutOfBounds e) {
            throw AdminProblemException.badField("/expiresIn", "\"expiresIn\" must be more than 0 and at most "
                    + e.max.toSeconds() + " seconds (" + e.max + ")");
        }
        TimeLimitedLink link = issued.link();
        return Response.created(uriInfo.getAbsolutePathBuilder().path(link.id().toString()).build())
                .entity(new IssuedSetupLink(link.id(), publicBase() + "/link/" + issued.token(),
                        idp == null ? null : idp.id, link.createdAt(), link.expiresAt()))
                .build();
    }

    @GET
    @APIResponse(responseCode = "200", description = "the directory's setup links, newest first (never their URLs)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = SetupLinkView.class)))
    public List<SetupLinkView> list(@PathParam("id") String id) {
        UUID directoryId = lookup.directoryOr404(id).id;
        Instant now = clock.instant();
        return links.of(LinkKind.SETUP, directoryId).stream().map(l -> view(l, now)).toList();
    }

    @DELETE
    @Path("{linkId}")
    @APIResponse(responseCode = "204", description = "revoked: the link opens nothing from now on, in any browser")
    public Response revoke(@PathParam("id") String id, @PathParam("linkId") String linkId) {
        UUID directoryId = lookup.directoryOr404(id).id;
        UUID link = AdminIds.pathId(linkId, noLink(linkId));
        boolean ours = links.find(link).filter(l -> l.kind() == LinkKind.SETUP && directoryId.equals(l.objectId()))
                .isPresent();
        if (!ours || !links.revoke(link, cause.get())) {
            throw AdminProblemException.notFound(noLink(linkId));
        }
        return Response.noContent().build();
    }

    static IdentityProvider idp(String idp) {
        if (idp == null) {
            return null;
        }
        return IdentityProvider.of(idp).orElseThrow(() -> AdminProblemException.badField("/idp",
                "\"idp\" must be one of " + String.join(", ", IdentityProvider.ids())));
    }

    private SetupLinkView view(TimeLimitedLink l, Instant now) {
        String status = l.revokedAt() != null ? "revoked" : l.expiredAt(now) ? "expired"
                : l.firstUsedAt() != null ? "opened" : "unused";
        return new SetupLinkView(l.id(), links.detail(l.id(), IDP), status, l.createdAt(), l.expiresAt(),
                l.firstUsedAt(), l.revokedAt(), l.createdByType() + (l.createdById() == null ? "" : ":" + l.createdById()));
    }

    private String publicBase() {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri());
    }

    private static String noLink(String id) {
        return "no setup link " + id + " for this directory";
    }
}
