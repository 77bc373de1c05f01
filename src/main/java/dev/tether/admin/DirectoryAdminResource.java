package dev.tether.admin;

import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.directory.Directories;
import dev.tether.directory.DirectoryAdministration;
import dev.tether.directory.Directory;
import dev.tether.directory.IssuedScimToken;
import dev.tether.directory.ScimToken;
import dev.tether.directory.ScimTokens;
import dev.tether.platform.StrictJson;
import dev.tether.platform.TetherConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Operator API for directories and their SCIM tokens. */
@Path("/admin/v1/directories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class DirectoryAdminResource {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    static final Duration MAX_OVERLAP = Duration.ofDays(30);

    @Inject
    Directories directories;

    @Inject
    DirectoryLookup lookup;

    @Inject
    ScimTokens tokens;

    @Inject
    TetherConfig config;

    @Inject
    DirectoryAdministration administration;

    @Inject
    ObjectMapper mapper;

    @Inject
    RequestCause cause;

    @Inject
    Clock clock;

    @Context
    UriInfo uriInfo;

    /** {@code name} is stripped of surrounding blanks before it is checked or stored. */
    public record CreateDirectory(@Schema(required = true, maxLength = MAX_NAME_LENGTH, pattern = "\\S") String name)
            implements BodyFaults.Checked {

        static final String NAME_REQUIRED = "\"name\" is required";

        public CreateDirectory {
            name = name == null ? null : name.strip();
        }

        @Override
        public void check(BodyFaults faults) {
            faults.notBlank("name", name, NAME_REQUIRED)
                    .atMost("name", name, MAX_NAME_LENGTH, "\"name\" is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    public record DirectoryView(UUID id, String name, String scimBaseUrl, Instant createdAt, Instant disabledAt) {
    }

    public record IssueToken(@Schema(maxLength = MAX_DESCRIPTION_LENGTH) String description, Instant expiresAt) {

        /** Checked against Tether's clock, the one a token's expiry is later read with. */
        void check(BodyFaults faults, Instant now) {
            faults.atMost("description", description, MAX_DESCRIPTION_LENGTH,
                            "\"description\" is longer than " + MAX_DESCRIPTION_LENGTH + " characters")
                    .inFuture("expiresAt", expiresAt, now, "\"expiresAt\" must be in the future");
        }
    }

    public record IssuedTokenView(UUID id, String token, String description, Instant createdAt, Instant expiresAt) {
    }

    /** A rotation's new token, with the one it replaces and when that one stops working. */
    public record RotatedTokenView(UUID id, String token, String description, Instant createdAt, Instant expiresAt,
                                   UUID replaces, Instant replacedExpiresAt) {
    }

    public record TokenView(UUID id, String description, Instant createdAt, Instant expiresAt,
                            Instant revokedAt, Instant lastUsedAt) {
    }

    @POST
    @APIResponse(responseCode = "201", description = "the directory, with its SCIM base URL",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DirectoryView.class)))
    public Response create(CreateDirectory body) {
        BodyFaults.require(body, CreateDirectory.NAME_REQUIRED);
        Directory created = administration.create(body.name(), cause.get());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id.toString()).build())
                .entity(view(created))
                .build();
    }

    /** A page of directories in creation order; see {@link AdminPaging}. */
    @GET
    @APIResponse(responseCode = "200", description = "a page of directories, oldest first",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DirectoryView.class)))
    public Response list(@QueryParam("limit") String limit, @QueryParam("after") String after) {
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "directories");
        List<Directory> rows = directories.page(key == null ? null : key.at(), key == null ? null : key.id(), size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                d -> AdminPaging.cursor("directories", AdminPaging.TimeKey.of(d.createdAt, d.id)), this::view);
    }

    @GET
    @Path("{id}")
    public DirectoryView get(@PathParam("id") String id) {
        return view(lookup.directoryOr404(id));
    }

    /** Disables rather than deletes: users, groups and audit rows of the directory stay for the record. */
    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "disabled; its SCIM tokens stop working")
    public Response disable(@PathParam("id") String id) {
        if (!administration.disable(directoryId(id), cause.get())) {
            throw directoryNotFound(id);
        }
        return Response.noContent().build();
    }

    /**
     * Enables a disabled directory again: an explicit operation of its own, audited like the
     * disable. 200 with the directory; enabling an enabled directory changes nothing.
     */
    @POST
    @Path("{id}/enable")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST is enough
    public DirectoryView enable(@PathParam("id") String id) {
        administration.enable(lookup.directoryOr404(id).id, cause.get());
        return view(lookup.directoryOr404(id));
    }

    @POST
    @Path("{id}/tokens")
    @APIResponse(responseCode = "201", description = "the token; its secret is shown only here",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedTokenView.class)))
    public Response issueToken(@PathParam("id") String id, IssueToken body) {
        Instant now = clock.instant();
        BodyFaults.ifPresent(body == null ? null : faults -> body.check(faults, now));
        UUID directoryId = directoryId(id);
        String description = body == null ? null : body.description();
        Instant expiresAt = body == null ? null : body.expiresAt();
        IssuedScimToken issued;
        try {
            issued = administration.issueToken(directoryId, description, expiresAt, cause.get());
        } catch (ScimTokens.DirectoryUnavailableException e) {
            throw unavailable(id, e);
        }
        return Response.created(uriInfo.getAbsolutePathBuilder().path(issued.id().toString()).build())
                .entity(new IssuedTokenView(issued.id(), issued.token(), description, issued.createdAt(),
                        issued.expiresAt()))
                .build();
    }

    /** A page of the directory's tokens in issue order, optionally by {@code status} (active, revoked, expired). */
    @GET
    @Path("{id}/tokens")
    @APIResponse(responseCode = "200", description = "a page of the directory's tokens, oldest first (never their secrets)",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = TokenView.class)))
    public Response listTokens(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        UUID directoryId = lookup.directoryOr404(id).id;
        ScimTokens.State state = tokenState(status);
        int size = AdminPaging.limit(limit);
        String list = "tokens";
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, list);
        List<ScimToken> rows = tokens.page(directoryId, state, key == null ? null : key.at(), key == null ? null : key.id(),
                size + 1);
        return AdminPaging.page(uriInfo, rows, size, t -> AdminPaging.cursor(list, AdminPaging.TimeKey.of(t.createdAt, t.id)),
                DirectoryAdminResource::view);
    }

    private static ScimTokens.State tokenState(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        return switch (status) {
            case "active" -> ScimTokens.State.ACTIVE;
            case "revoked" -> ScimTokens.State.REVOKED;
            case "expired" -> ScimTokens.State.EXPIRED;
            default -> throw AdminProblemException.badParameter("status", "\"status\" must be active, revoked or expired");
        };
    }

    @DELETE
    @Path("{id}/tokens/{tokenId}")
    @APIResponse(responseCode = "204", description = "revoked")
    public Response revokeToken(@PathParam("id") String id, @PathParam("tokenId") String tokenId) {
        UUID token = AdminIds.pathId(tokenId, noToken(tokenId));
        if (!administration.revokeToken(directoryId(id), token, cause.get())) {
            throw AdminProblemException.notFound(noToken(tokenId));
        }
        return Response.noContent().build();
    }

    /**
     * Rotation with overlap: a new token (shown only here) with the old one's description, and the
     * old one keeps working for {@code overlap} (default 24 h, at most 30 days; ISO-8601 or seconds)
     * while the IdP is switched over, then expires. 409 on a disabled directory.
     */
    @POST
    @Path("{id}/tokens/{tokenId}/rotate")
    @Consumes(MediaType.WILDCARD) // the body is optional
    @APIResponse(responseCode = "201", description = "the new token; its secret is shown only here",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RotatedTokenView.class)))
    public Response rotateToken(@PathParam("id") String id, @PathParam("tokenId") String tokenId, byte[] body) {
        UUID directoryId = directoryId(id);
        UUID token = AdminIds.pathId(tokenId, noToken(tokenId));
        JsonNode request = optionalObject(body);
        Duration overlap = request == null ? null : LinkLifetime.duration(request.get("overlap"), "overlap");
        overlap = overlap == null ? DEFAULT_OVERLAP : overlap;
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw AdminProblemException.badField("/overlap", "\"overlap\" is from 0 to " + MAX_OVERLAP.toDays() + " days");
        }
        DirectoryAdministration.Rotation rotation;
        try {
            rotation = administration.rotateToken(directoryId, token, overlap, cause.get())
                    .orElseThrow(() -> AdminProblemException.notFound("no active token " + tokenId + " in this directory"));
        } catch (ScimTokens.DirectoryUnavailableException e) {
            throw unavailable(id, e);
        }
        IssuedScimToken issued = rotation.issued();
        return Response.created(uriInfo.getBaseUriBuilder().path("admin/v1/directories").path(id).path("tokens")
                        .path(issued.id().toString()).build())
                .entity(new RotatedTokenView(issued.id(), issued.token(), rotation.replaced().description, issued.createdAt(),
                        issued.expiresAt(), rotation.replaced().id, rotation.replaced().expiresAt))
                .build();
    }

    /** Renames the directory ({"name"}); its id, SCIM base URL and tokens stay as they are. */
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public DirectoryView rename(@PathParam("id") String id,
            CreateDirectory body) {
        BodyFaults.require(body, CreateDirectory.NAME_REQUIRED);
        if (administration.rename(directoryId(id), body.name(), cause.get()).isEmpty()) {
            throw directoryNotFound(id);
        }
        return view(lookup.directoryOr404(id));
    }

    /** An optional body, read as strictly as every other: empty or a JSON object. */
    private JsonNode optionalObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode read;
        try {
            read = StrictJson.reader(mapper).readTree(StrictJson.utf8(body));
        } catch (StrictJson.NotJson e) {
            throw AdminProblemException.badField("", e.getMessage());
        } catch (IOException e) { // Jackson's message quotes the body: not repeated back
            throw AdminProblemException.badField("", "the body is not one well-formed JSON document");
        }
        if (read == null || !read.isObject()) {
            throw AdminProblemException.badField("", "the body is a JSON object such as {\"overlap\": \"PT24H\"}");
        }
        return read;
    }

    private static AdminProblemException unavailable(String id, ScimTokens.DirectoryUnavailableException e) {
        return e.exists
                ? new AdminProblemException(Response.Status.CONFLICT, "directory " + id + " is disabled; it cannot get new tokens")
                : directoryNotFound(id);
    }

    private DirectoryView view(Directory d) {
        return new DirectoryView(d.id, d.name, scimBaseUrl(d.id), d.createdAt, d.disabledAt);
    }

    private static TokenView view(ScimToken t) {
        return new TokenView(t.id, t.description, t.createdAt, t.expiresAt, t.revokedAt, t.lastUsedAt);
    }

    /** IdPs need an absolute URL; behind a proxy the request's own host may be wrong, hence the setting. */
    private String scimBaseUrl(UUID id) {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri()) + "/scim/v2/" + id;
    }

    private static UUID directoryId(String id) {
        return AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
    }

    private static AdminProblemException directoryNotFound(String id) {
        return AdminProblemException.notFound(DirectoryLookup.noDirectory(id));
    }

    private static String noToken(String id) {
        return "no token " + id + " in this directory";
    }
}
