package dev.tether.console;

import dev.tether.directory.Directories;
import dev.tether.directory.DirectoryAdministration;
import dev.tether.directory.Directory;
import dev.tether.directory.ConnectionActivity;
import dev.tether.directory.ConnectionHealth;
import dev.tether.directory.IssuedScimToken;
import dev.tether.directory.ScimToken;
import dev.tether.directory.ScimTokens;
import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.security.RequestCause;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The operator's directory pages: every directory with its connection health at a glance; one
 * directory's facts, its tokens (issued and shown once, rotated with overlap, revoked), rename,
 * disable and enable. Changes go through the same service as the admin API
 * ({@link DirectoryAdministration}), so they are audited alike, the signed-in person as actor. Bad input re-renders the page with what to
 * fix (400) and changes nothing.
 */
@Path("/console/directories")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class DirectoryPages {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    /** Longest overlap a rotation may give the old token. */
    static final Duration MAX_OVERLAP = Duration.ofDays(30);
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    SignedIn signedIn;

    @Inject
    Directories directories;

    @Inject
    ConnectionActivity activity;

    @Inject
    ScimTokens tokens;

    @Inject
    DirectoryAdministration administration;

    @Inject
    RequestCause cause;

    @Inject
    Pages pages;

    @Inject
    TetherConfig config;

    @Inject
    Clock clock;

    @Context
    UriInfo uriInfo;

    /** One row of the list: the directory and its health. */
    @TemplateData
    public record DirectoryRow(UUID id, String name, boolean disabled, String lastRequest, String lastOutcome,
            boolean lastFailed, long requests24h, long errors24h, long users, long groups, long agents, String idp) {
    }

    /** One directory's page. */
    @TemplateData
    public record DirectoryView(UUID id, String name, String scimBaseUrl, String createdAt, String disabledAt,
            boolean disabled, DirectoryRow health) {
    }

    @TemplateData
    public record TokenRow(UUID id, String description, String createdAt, String expiresAt, String lastUsedAt,
            String state) {

        public boolean active() {
            return state.equals("active");
        }
    }

    /** A token just issued: its secret, shown on this one response only. */
    @TemplateData
    public record IssuedToken(UUID id, String token, String replaces, String oldExpiresAt) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance directories(PageFrame frame, List<DirectoryRow> rows, String error);

        static native TemplateInstance directory(PageFrame frame, DirectoryView d, List<TokenRow> tokens,
                IssuedToken issued, String notice, String error);
    }

    @GET
    public TemplateInstance list() {
        return listPage(null);
    }

    @POST
    @Transactional
    public Response create(@RestForm String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH) {
            return badRequest(listPage("A directory needs a name of 1 to " + MAX_NAME_LENGTH + " characters."));
        }
        Directory created = administration.create(stripped, cause.get());
        return Response.seeOther(URI.create("/console/directories/" + created.id)).build();
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id) {
        return directory(id).map(d -> Response.ok(page(d, null, null, null).render()).build()).orElseGet(this::notFound);
    }

    @POST
    @Path("{id}/rename")
    @Transactional
    public Response rename(@PathParam("id") String id, @RestForm String name) {
        Optional<Directory> found = directory(id);
        if (found.isEmpty()) {
            return notFound();
        }
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH) {
            return badRequest(page(found.get(), null, null, "A name has 1 to " + MAX_NAME_LENGTH + " characters."));
        }
        administration.rename(found.get().id, stripped, cause.get());
        return seeDirectory(found.get().id);
    }

    @POST
    @Path("{id}/disable")
    @Transactional
    public Response disable(@PathParam("id") String id) {
        Optional<Directory> found = directory(id);
        if (found.isEmpty()) {
            return notFound();
        }
        administration.disable(found.get().id, cause.get());
        return seeDirectory(found.get().id);
    }

    @POST
    @Path("{id}/enable")
    @Transactional
    public Response enable(@PathParam("id") String id) {
        Optional<Directory> found = directory(id);
        if (found.isEmpty()) {
            return notFound();
        }
        administration.enable(found.get().id, cause.get());
        return seeDirectory(found.get().id);
    }

    /** Issues a token and shows its secret on this response only (no-store, never again). */
    @POST
    @Path("{id}/tokens")
    @Transactional
    public Response issue(@PathParam("id") String id, @RestForm String description, @RestForm String expiresInDays) {
        Optional<Directory> found = directory(id);
        if (found.isEmpty()) {
            return notFound();
        }
        Directory d = found.get();
        String text = description == null || description.isBlank() ? null : description.strip();
        if (text != null && text.length() > MAX_DESCRIPTION_LENGTH) {
            return badRequest(page(d, null, null, "A description has at most " + MAX_DESCRIPTION_LENGTH + " characters."));
        }
        Optional<Duration> lifetime = days(expiresInDays);
        if (lifetime == null) {
            return badRequest(page(d, null, null, "\"Expires in\" is a whole number of days from 1 to 3650, or empty for never."));
        }
        if (d.disabled()) {
            return Response.status(Response.Status.CONFLICT).entity(page(d, null, null,
                    "This directory is disabled: enable it before issuing tokens.").render()).build();
        }
        Instant expiresAt = lifetime.map(l -> clock.instant().plus(l)).orElse(null);
        IssuedScimToken issued = administration.issueToken(d.id, text, expiresAt, cause.get());
        return Response.status(Response.Status.CREATED)
                .entity(page(d, new IssuedToken(issued.id(), issued.token(), null, null), null, null).render()).build();
    }

    /**
     * Rotation with overlap: a new token now, and the old one keeps working for the overlap
     * (default 24 h) so the IdP can be switched over without a failed sync, then expires.
     */
    @POST
    @Path("{id}/tokens/{tokenId}/rotate")
    @Transactional
    public Response rotate(@PathParam("id") String id, @PathParam("tokenId") String tokenId,
            @RestForm String overlapHours) {
        Optional<Directory> found = directory(id);
        if (found.isEmpty()) {
            return notFound();
        }
        Directory d = found.get();
        Optional<UUID> token = uuid(tokenId);
        Duration overlap = hours(overlapHours);
        if (overlap == null) {
            return badRequest(page(d, null, null, "The overlap is a whole number of hours from 0 to " + MAX_OVERLAP.toHours() + "."));
        }
        if (d.disabled()) {
            return Response.status(Response.Status.CONFLICT).entity(page(d, null, null,
                    "This directory is disabled: enable it before rotating tokens.").render()).build();
        }
        Optional<DirectoryAdministration.Rotation> rotation = token.flatMap(t -> administration.rotateToken(d.id, t, overlap,
                cause.get()));
        if (rotation.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).entity(page(d, null, null,
                    "There is no active token " + tokenId + " in this directory.").render()).build();
        }
        IssuedScimToken issued = rotation.get().issued();
        ScimToken old = rotation.get().replaced();
        return Response.status(Response.Status.CREATED).entity(page(d, new IssuedToken(issued.id(), issued.token(),
                old.id.toString(), shown(old.expiresAt)), null, null).render()).build();
    }

    @POST
    @Path("{id}/tokens/{tokenId}/revoke")
    @Transactional
    public Response revoke(@PathParam("id") String id, @PathParam("tokenId") String tokenId) {
        Optional<Directory> found = directory(id);
        if (found.isEmpty()) {
            return notFound();
        }
        Optional<UUID> token = uuid(tokenId);
        if (token.isEmpty() || !administration.revokeToken(found.get().id, token.get(), cause.get())) {
            return Response.status(Response.Status.NOT_FOUND).entity(page(found.get(), null, null,
                    "There is no token " + tokenId + " in this directory.").render()).build();
        }
        return seeDirectory(found.get().id);
    }

    private TemplateInstance listPage(String error) {
        Map<UUID, ConnectionHealth> health = activity.health();
        Map<UUID, ConnectionActivity.Counts> counts = activity.counts();
        List<DirectoryRow> rows = directories.list().stream()
                .map(d -> row(d, health.getOrDefault(d.id, ConnectionHealth.none(d.id)),
                        counts.getOrDefault(d.id, ConnectionActivity.Counts.NONE)))
                .toList();
        return Templates.directories(signedIn.frame("Directories", "directories"), rows, error);
    }

    private TemplateInstance page(Directory d, IssuedToken issued, String notice, String error) {
        Instant now = clock.instant();
        List<TokenRow> rows = tokens.list(d.id).stream().map(t -> new TokenRow(t.id, t.description, shown(t.createdAt),
                t.expiresAt == null ? "never" : shown(t.expiresAt), t.lastUsedAt == null ? "never" : shown(t.lastUsedAt),
                t.revokedAt != null ? "revoked" : t.expiresAt != null && !t.expiresAt.isAfter(now) ? "expired" : "active"))
                .toList();
        DirectoryView view = new DirectoryView(d.id, d.name, scimBaseUrl(d.id), shown(d.createdAt), shown(d.disabledAt),
                d.disabled(), row(d, activity.health(d.id), activity.counts(d.id)));
        return Templates.directory(signedIn.frame(d.name, "directories"), view, rows, issued, notice, error);
    }

    private static DirectoryRow row(Directory d, ConnectionHealth h, ConnectionActivity.Counts c) {
        String outcome = h.lastStatus() == null ? "none yet" : h.lastMethod() + " → " + h.lastStatus();
        return new DirectoryRow(d.id, d.name, d.disabled(), h.lastRequestAt() == null ? "never" : shown(h.lastRequestAt()),
                outcome, h.lastStatus() != null && h.lastStatus() >= 400, h.requests24h(), h.errors24h(), c.users(),
                c.groups(), c.agents(), h.idp() != null ? h.idp()
                        : h.lastUserAgent() != null ? "unknown (" + h.lastUserAgent() + ")" : "not seen yet");
    }

    private Optional<Directory> directory(String id) {
        return uuid(id).flatMap(directories::find);
    }

    /** Like the admin API's: behind a proxy the request's own host may be wrong, hence the setting. */
    private String scimBaseUrl(UUID id) {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri()) + "/scim/v2/" + id;
    }

    private Response notFound() {
        return pages.refusal(Response.Status.NOT_FOUND, "No such directory", "There is no directory at this address.");
    }

    private static Response badRequest(TemplateInstance page) {
        return Response.status(Response.Status.BAD_REQUEST).entity(page.render()).build();
    }

    private static Response seeDirectory(UUID id) {
        return Response.seeOther(URI.create("/console/directories/" + id)).build();
    }

    private static String shown(Instant at) {
        return at == null ? null : SHOWN.format(at);
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Empty for "never"; null when not a whole number of days in range. */
    private static Optional<Duration> days(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            long days = Long.parseLong(text.strip());
            return days >= 1 && days <= 3650 ? Optional.of(Duration.ofDays(days)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The default when empty; null when not a whole number of hours in range. */
    private static Duration hours(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_OVERLAP;
        }
        try {
            long hours = Long.parseLong(text.strip());
            return hours >= 0 && hours <= MAX_OVERLAP.toHours() ? Duration.ofHours(hours) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
