package dev.tether.admin;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import dev.tether.audit.AuditStore;
import dev.tether.audit.ChainVerifier;
import dev.tether.directory.Directories;
import dev.tether.security.AdminRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.UUID;

/**
 * The operator trail: what operators did that is no one directory's (subscriptions) and the
 * admin calls that were refused. Stored, sealed, checkpointed and verified exactly like a
 * directory's trail (it is one, under a pseudo-directory id), so it answers in the same shapes
 * as {@link AuditAdminResource}.
 */
@Path("/admin/v1/operator-trail")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AdminRoles.OPERATOR, AdminRoles.AUDITOR})
public class OperatorTrailResource {

    private final AuditStore store;

    public OperatorTrailResource(AuditStore store) {
        this.store = store;
    }

    @GET
    public AuditStore.Page list(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("actor") String actor, @QueryParam("target") String target, @QueryParam("cause") String cause,
            @QueryParam("action") String action, @QueryParam("cursor") String cursor, @QueryParam("count") Integer count) {
        UUID causeId = cause == null ? null : AdminIds.parse(cause)
                .orElseThrow(() -> AdminProblemException.badParameter("cause", "\"cause\" must be a UUID"));
        return store.list(Directories.OPERATOR_TRAIL, new AuditStore.Query(AuditAdminResource.instant("from", from),
                AuditAdminResource.instant("to", to), AuditAdminResource.blankToNull(actor),
                AuditAdminResource.blankToNull(target), causeId, AuditAdminResource.blankToNull(action),
                AuditAdminResource.cursor(cursor),
                AuditAdminResource.pageSize(count)));
    }

    @GET
    @Path("verify")
    public ChainVerifier.Result verify() {
        return store.verify(Directories.OPERATOR_TRAIL);
    }

    /** The sealed operator trail with its checkpoints as JSON Lines, for the standalone verifier. */
    @GET
    @Path("export")
    @Produces(AuditAdminResource.JSON_LINES)
    @APIResponse(responseCode = "200", description = "the operator trail, one JSON object per line, in chain order",
            content = @Content(mediaType = AuditAdminResource.JSON_LINES, schema = @Schema(type = SchemaType.STRING)))
    public Response export() {
        StreamingOutput body = out -> store.export(Directories.OPERATOR_TRAIL, out);
        return Response.ok(body, AuditAdminResource.JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"audit-operator-trail.jsonl\"")
                .build();
    }
}
