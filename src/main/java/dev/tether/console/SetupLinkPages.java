package dev.tether.console;

import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.directory.IdentityProvider;
import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.TimeLimitedLink;
import dev.tether.security.TimeLimitedLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The operator's side of setup links, in the console: make one for a directory (its address
 * shown once, to send to the customer's IT admin), see the directory's links and revoke them.
 * The same {@link TimeLimitedLinks} as the admin API, audited with the signed-in person as actor.
 */
@Path("/console/directories/{id}/setup-links")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class SetupLinkPages {

    /** A lifetime offered in the form. */
    @TemplateData
    public record Lifetime(int hours, String label) {
    }

    /** The lifetimes offered, the default first; all within tether.links.max-lifetime's default. */
    static final List<Lifetime> LIFETIMES = List.of(new Lifetime(24, "24 hours"), new Lifetime(1, "1 hour"),
            new Lifetime(72, "3 days"), new Lifetime(168, "7 days"));

    @Inject
    Directories directories;

    @Inject
    SignedIn signedIn;

    @Inject
    TimeLimitedLinks links;

    @Inject
    RequestCause cause;

    @Inject
    TetherConfig config;

    @Inject
    Clock clock;

    @Inject
    Pages pages;

    @Context
    UriInfo uriInfo;

    @TemplateData
    public record LinkRow(UUID id, String idp, String status, Instant createdAt, Instant expiresAt, boolean revocable) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance setupLinks(PageFrame frame, UUID directoryId, String directoryName,
                List<LinkRow> rows, List<Lifetime> lifetimes, List<IdentityProvider> idps, String madeUrl, String error);
    }

    @GET
    public Response list(@PathParam("id") String id) {
        Directory d = directory(id);
        return d == null ? notFound() : html(page(d, null, null), Response.Status.OK);
    }

    @POST
    public Response make(@PathParam("id") String id, @RestForm String lifetimeHours, @RestForm String idp) {
        Directory d = directory(id);
        if (d == null) {
            return notFound();
        }
        Integer hours = parse(lifetimeHours);
        if (hours == null || LIFETIMES.stream().noneMatch(l -> l.hours() == hours) || (idp != null && !idp.isEmpty()
                && IdentityProvider.of(idp).isEmpty())) {
            return html(page(d, null, "Choose one of the lifetimes and identity providers offered."),
                    Response.Status.BAD_REQUEST);
        }
        if (d.disabled()) {
            return html(page(d, null, "This directory is disabled; enable it before sending a setup link."),
                    Response.Status.CONFLICT);
        }
        Map<String, String> details = idp == null || idp.isEmpty() ? Map.of() : Map.of(LinkKind.IDP_DETAIL, idp);
        TimeLimitedLinks.IssuedLink made = links.issue(LinkKind.SETUP, d.id, Duration.ofHours(hours), details, cause.get());
        return html(page(d, publicBase() + "/link/" + made.token(), null), Response.Status.CREATED);
    }

    @POST
    @Path("{linkId}/revoke")
    public Response revoke(@PathParam("id") String id, @PathParam("linkId") String linkId) {
        Directory d = directory(id);
        UUID link = parseId(linkId);
        if (d == null || link == null || links.find(link).filter(l -> l.kind() == LinkKind.SETUP
                && d.id.equals(l.objectId())).isEmpty()) {
            return notFound();
        }
        links.revoke(link, cause.get());
        return Response.seeOther(uriInfo.getBaseUriBuilder().path("/console/directories/" + d.id + "/setup-links").build())
                .build();
    }

    private TemplateInstance page(Directory d, String madeUrl, String error) {
        Instant now = clock.instant();
        List<LinkRow> rows = links.of(LinkKind.SETUP, d.id).stream().map(l -> row(l, now)).toList();
        return Templates.setupLinks(signedIn.frame("Setup links · " + d.name, "directories"), d.id, d.name, rows,
                LIFETIMES, List.of(IdentityProvider.values()), madeUrl, error);
    }

    private LinkRow row(TimeLimitedLink l, Instant now) {
        String status = l.revokedAt() != null ? "revoked" : l.expiredAt(now) ? "expired"
                : l.firstUsedAt() != null ? "opened" : "unused";
        String idp = IdentityProvider.of(links.detail(l.id(), LinkKind.IDP_DETAIL)).map(p -> p.displayName).orElse("(any)");
        return new LinkRow(l.id(), idp, status, l.createdAt(), l.expiresAt(),
                !"revoked".equals(status) && !"expired".equals(status));
    }

    private Directory directory(String id) {
        UUID parsed = parseId(id);
        return parsed == null ? null : directories.find(parsed).orElse(null);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static Integer parse(String number) {
        try {
            return number == null ? null : Integer.valueOf(number.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Response notFound() {
        return pages.refusal(Response.Status.NOT_FOUND, "Not found", "There is no such directory or setup link.");
    }

    private static Response html(TemplateInstance page, Response.Status status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render()).build();
    }

    private String publicBase() {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri());
    }
}
