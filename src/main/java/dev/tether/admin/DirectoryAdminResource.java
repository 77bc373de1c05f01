package dev.tether.admin;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.directory.IssuedScimToken;
import dev.tether.directory.ScimToken;
import dev.tether.directory.ScimTokens;
import dev.tether.platform.TetherConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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

    @Inject
    Directories directories;

    @Inject
    DirectoryLookup lookup;

    @Inject
    ScimTokens tokens;

    @Inject
    TetherConfig config;

    @Inject
    AuditLog audit;

    @Inject
    RequestCause cause;

    @Context
    UriInfo uriInfo;

    /** {@code name} is stripped of surrounding blanks before it is checked or stored. */
    public record CreateDirectory(
            @NotBlank(message = "\"name\" is required")
            @Size(max = MAX_NAME_LENGTH, message = "\"name\" is longer than " + MAX_NAME_LENGTH + " characters")
            String name) {

        public CreateDirectory {
            name = name == null ? null : name.strip();
        }
    }

    public record DirectoryView(UUID id, String name, String scimBaseUrl, Instant createdAt, Instant disabledAt) {
    }

    public record IssueToken(
            @Size(max = MAX_DESCRIPTION_LENGTH,
                    message = "\"description\" is longer than " + MAX_DESCRIPTION_LENGTH + " characters")
            String description,
            @Future(message = "\"expiresAt\" must be in the future")
            Instant expiresAt) {
    }

    public record IssuedTokenView(UUID id, String token, String description, Instant createdAt, Instant expiresAt) {
    }

    public record TokenView(UUID id, String description, Instant createdAt, Instant expiresAt,
                            Instant revokedAt, Instant lastUsedAt) {
    }

    @POST
    @Transactional
    @APIResponse(responseCode = "201", description = "the directory, with its SCIM base URL",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DirectoryView.class)))
    public Response create(@Valid @NotNull(message = "\"name\" is required") CreateDirectory body) {
        String name = body.name();
        Directory created = directories.create(name);
        recordAdminAction(AuditEntry.of(created.id, "directory.create").target("Directory", created.id)
                .detail("name", name));
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
    @Transactional
    @APIResponse(responseCode = "204", description = "disabled; its SCIM tokens stop working")
    public Response disable(@PathParam("id") String id) {
        if (!directories.disable(directoryId(id))) {
            throw directoryNotFound(id);
        }
        recordAdminAction(AuditEntry.of(directoryId(id), "directory.disable").target("Directory", id));
        return Response.noContent().build();
    }

    /**
     * Enables a disabled directory again: an explicit operation of its own, audited like the
     * disable. 200 with the directory; enabling an enabled directory changes nothing.
     */
    @POST
    @Path("{id}/enable")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST is enough
    @Transactional
    public DirectoryView enable(@PathParam("id") String id) {
        Directory found = lookup.directoryOr404(id);
        Instant disabledAt = found.disabledAt;
        if (disabledAt != null) {
            directories.enable(found.id);
            recordAdminAction(AuditEntry.of(found.id, "directory.enable").target("Directory", id)
                    .detail("disabledAt", disabledAt.toString()));
        }
        return view(lookup.directoryOr404(id));
    }

    @POST
    @Path("{id}/tokens")
    @Transactional
    @APIResponse(responseCode = "201", description = "the token; its secret is shown only here",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedTokenView.class)))
    public Response issueToken(@PathParam("id") String id, @Valid IssueToken body) {
        UUID directoryId = directoryId(id);
        String description = body == null ? null : body.description();
        Instant expiresAt = body == null ? null : body.expiresAt();
        IssuedScimToken issued;
        try {
            issued = tokens.issue(directoryId, description, expiresAt);
        } catch (ScimTokens.DirectoryUnavailableException e) {
            if (e.exists) {
                throw new AdminProblemException(Response.Status.CONFLICT,
                        "directory " + id + " is disabled; it cannot get new tokens");
            }
            throw directoryNotFound(id);
        }
        AuditEntry issuedRecord = AuditEntry.of(directoryId, "token.issue").target("ScimToken", issued.id());
        if (expiresAt != null) {
            issuedRecord.detail("expiresAt", expiresAt.toString());
        }
        recordAdminAction(issuedRecord);
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
    @Transactional
    @APIResponse(responseCode = "204", description = "revoked")
    public Response revokeToken(@PathParam("id") String id, @PathParam("tokenId") String tokenId) {
        UUID token = AdminIds.pathId(tokenId, noToken(tokenId));
        if (!tokens.revoke(directoryId(id), token)) {
            throw AdminProblemException.notFound(noToken(tokenId));
        }
        recordAdminAction(AuditEntry.of(directoryId(id), "token.revoke").target("ScimToken", token));
        return Response.noContent().build();
    }

    /** Inside the action's transaction, so the record and the change commit together. */
    private void recordAdminAction(AuditEntry entry) {
        audit.appendAfterOrmWrites(entry.cause(cause.get()));
    }

    private DirectoryView view(Directory d) {
        return new DirectoryView(d.id, d.name, scimBaseUrl(d.id), d.createdAt, d.disabledAt);
    }

    private static TokenView view(ScimToken t) {
        return new TokenView(t.id, t.description, t.createdAt, t.expiresAt, t.revokedAt, t.lastUsedAt);
    }

    /** IdPs need an absolute URL; behind a proxy the request's own host may be wrong, hence the setting. */
    private String scimBaseUrl(UUID id) {
        String base = config.publicBaseUrl().orElseGet(() -> uriInfo.getBaseUri().toString());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/scim/v2/" + id;
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
