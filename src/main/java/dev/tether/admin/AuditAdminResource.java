package dev.tether.admin;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import dev.tether.audit.AuditStore;
import dev.tether.audit.ChainVerifier;
import dev.tether.security.AdminRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Read-only access to the audit trail, for operators and auditors: listing, a user's trail,
 * verification, export, and the public key that checks the checkpoints.
 */
@Path("/admin/v1/directories/{dir}/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AdminRoles.OPERATOR, AdminRoles.AUDITOR})
public class AuditAdminResource {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    public static final String JSON_LINES = "application/jsonl";

    @Inject
    AuditStore store;

    @Inject
    DirectoryLookup lookup;

    @GET
    public AuditStore.Page list(@PathParam("dir") String dir, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("actor") String actor, @QueryParam("target") String target,
            @QueryParam("cause") String cause, @QueryParam("action") String action, @QueryParam("cursor") String cursor,
            @QueryParam("count") Integer count) {
        UUID directoryId = existingDirectory(dir);
        UUID causeId = cause == null ? null : AdminIds.parse(cause)
                .orElseThrow(() -> AdminProblemException.badParameter("cause", "\"cause\" must be a UUID"));
        return store.list(directoryId, new AuditStore.Query(instant("from", from), instant("to", to), blankToNull(actor),
                blankToNull(target), causeId, blankToNull(action), cursor(cursor), pageSize(count)));
    }

    @GET
    @Path("trail/users/{userId}")
    public AuditStore.Page userTrail(@PathParam("dir") String dir, @PathParam("userId") String userId,
            @QueryParam("cursor") String cursor, @QueryParam("count") Integer count) {
        UUID directoryId = existingDirectory(dir);
        return store.userTrail(directoryId, userId, cursor(cursor), pageSize(count));
    }

    @GET
    @Path("verify")
    public ChainVerifier.Result verify(@PathParam("dir") String dir) {
        return store.verify(existingDirectory(dir));
    }

    /** The sealed chain with its checkpoints as JSON Lines, the input of the standalone verifier. */
    @GET
    @Path("export")
    @Produces(JSON_LINES)
    @APIResponse(responseCode = "200", description = "the directory's audit records, one JSON object per line, in chain order",
            content = @Content(mediaType = JSON_LINES, schema = @Schema(type = SchemaType.STRING)))
    public Response export(@PathParam("dir") String dir) {
        UUID directoryId = existingDirectory(dir);
        StreamingOutput body = out -> store.export(directoryId, out);
        return Response.ok(body, JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"audit-" + directoryId + ".jsonl\"")
                .build();
    }

    private UUID existingDirectory(String dir) {
        return lookup.directoryOr404(dir).id;
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw AdminProblemException.badParameter(name, "\"" + name + "\" must be an RFC 3339 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    static Long cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw AdminProblemException.badParameter("cursor", "\"cursor\" is not a cursor this API returned");
        }
    }

    static int pageSize(Integer count) {
        if (count == null) {
            return DEFAULT_PAGE;
        }
        if (count < 1 || count > MAX_PAGE) {
            throw AdminProblemException.badParameter("count", "\"count\" must be between 1 and " + MAX_PAGE);
        }
        return count;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
