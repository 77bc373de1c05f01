package dev.tether.console;

import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.ConnectionActivity;
import dev.tether.directory.ConnectionHealth;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.directory.IdentityProvider;
import dev.tether.directory.IssuedScimToken;
import dev.tether.directory.ScimToken;
import dev.tether.directory.ScimTokens;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.TimeLimitedLink;
import dev.tether.security.TimeLimitedLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The setup page a customer's IT admin reaches through a setup link: how to connect their IdP
 * to the link's one directory, the values to paste (the token issued here, shown once), and a
 * live verdict on the IdP's first requests; after setup, the connection's health. Usable only in
 * the browser that first opened the link, until it expires or is revoked.
 */
@Path("/setup")
@BrowserPage
public class SetupPages {

    /** How a token issued here is described in the directory's token list, naming the link. */
    static final String TOKEN_DESCRIPTION = "issued through setup link ";

    @Inject
    Directories directories;

    @Inject
    TimeLimitedLinks links;

    @Inject
    ScimTokens tokens;

    @Inject
    ConnectionActivity activity;

    @Inject
    AuditLog audit;

    @Inject
    RequestCause cause;

    @Inject
    TetherConfig config;

    @Inject
    Clock clock;

    @Inject
    Pages pages;

    @Inject
    RoutingContext routing;

    @jakarta.ws.rs.core.Context
    UriInfo uriInfo;

    @CheckedTemplate(basePath = "setup")
    static class Templates {
        static native TemplateInstance page(UUID linkId, String directoryName, Instant expiresAt, String csrf,
                SetupGuides.Guide guide, List<SetupGuides.Guide> guides, List<SetupGuides.Mapping> mappings,
                List<String> options, String baseUrl, String token, Instant tokenIssuedAt, SetupProgress progress,
                ConnectionHealth health, ConnectionActivity.Counts counts);
    }

    @GET
    @Path("{linkId}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("linkId") String linkId, @QueryParam("idp") String idp) {
        return withLink(linkId, link -> html(render(link, idp, null)));
    }

    /** Issues a SCIM token for the link's directory, shown once on the page it answers with. */
    @POST
    @Path("{linkId}/token")
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    public Response issueToken(@PathParam("linkId") String linkId, @QueryParam("idp") String idp) {
        return withLink(linkId, link -> {
            Cause byLink = cause.get().actedBy(Cause.Actor.link(link.id()));
            IssuedScimToken issued;
            try {
                issued = tokens.issue(link.objectId(), TOKEN_DESCRIPTION + link.id(), null);
            } catch (ScimTokens.DirectoryUnavailableException e) {
                return pages.refusal(Response.Status.CONFLICT, "This directory is disabled",
                        "No token can be issued for it. Ask whoever sent you this link to enable it.");
            }
            audit.append(AuditEntry.of(link.objectId(), "token.issue").target("ScimToken", issued.id())
                    .detail("setupLink", link.id().toString()).cause(byLink));
            return html(render(link, idp, issued));
        });
    }

    /** What the page's script polls while it waits: the verdict on the IdP's requests since setup began. */
    @GET
    @Path("{linkId}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("linkId") String linkId) {
        Optional<TimeLimitedLink> link = usable(linkId);
        if (link.isEmpty()) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                    .entity("{\"state\":\"refused\"}").build();
        }
        return Response.ok(progress(link.get())).header("Cache-Control", "no-store").build();
    }

    private TemplateInstance render(TimeLimitedLink link, String idp, IssuedScimToken issued) {
        UUID directoryId = link.objectId();
        Directory directory = directories.find(directoryId).orElseThrow();
        SetupGuides.Guide guide = SetupGuides.of(IdentityProvider.of(idp)
                .or(() -> IdentityProvider.of(links.detail(link.id(), LinkKind.IDP_DETAIL))).orElse(IdentityProvider.ENTRA));
        ConnectionHealth health = activity.health(directoryId);
        return Templates.page(link.id(), directory.name, link.expiresAt(),
                CsrfTokens.of(BrowserCookies.linkSecret(routing, link.id())), guide, SetupGuides.ALL,
                SetupGuides.MAPPINGS, SetupGuides.PROVISIONING_OPTIONS, scimBaseUrl(directoryId),
                issued == null ? null : issued.token(), issued == null ? lastTokenIssued(link).orElse(null) : null,
                SetupProgress.of(health, since(link)), health, activity.counts(directoryId));
    }

    private SetupProgress progress(TimeLimitedLink link) {
        return SetupProgress.of(activity.health(link.objectId()), since(link));
    }

    /** Setup began when this page last issued a token, or else when the link was first opened. */
    private Instant since(TimeLimitedLink link) {
        return lastTokenIssued(link).orElse(link.firstUsedAt() == null ? link.createdAt() : link.firstUsedAt());
    }

    private Optional<Instant> lastTokenIssued(TimeLimitedLink link) {
        return tokens.list(link.objectId()).stream()
                .filter(t -> (TOKEN_DESCRIPTION + link.id()).equals(t.description))
                .map(t -> t.createdAt).max(Comparator.naturalOrder());
    }

    private Response withLink(String linkId, java.util.function.Function<TimeLimitedLink, Response> page) {
        Optional<TimeLimitedLink> link = usable(linkId);
        if (link.isEmpty()) {
            // as /link/ answers: 410 once a link is over, 403 for any other browser; neither names the directory
            return pages.refusal(over(linkId) ? Response.Status.GONE : Response.Status.FORBIDDEN,
                    "This link cannot be used", "This setup link has expired, was revoked, or was opened in another"
                            + " browser, where it only works. Ask whoever sent it for a new one.");
        }
        return page.apply(link.get());
    }

    private boolean over(String linkId) {
        try {
            return links.find(UUID.fromString(linkId)).filter(l -> l.kind() == LinkKind.SETUP)
                    .filter(l -> l.revokedAt() != null || l.expiredAt(clock.instant())).isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<TimeLimitedLink> usable(String linkId) {
        UUID id;
        try {
            id = UUID.fromString(linkId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return links.usable(id, LinkKind.SETUP, BrowserCookies.linkSecret(routing, id));
    }

    private static Response html(TemplateInstance page) {
        return Response.ok(page.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").build();
    }

    private String scimBaseUrl(UUID id) {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri()) + "/scim/v2/" + id;
    }
}
