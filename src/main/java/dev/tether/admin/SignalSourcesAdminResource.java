package dev.tether.admin;

import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import dev.tether.signals.SignalRefusal;
import dev.tether.signals.SignalSource;
import dev.tether.signals.SignalSources;
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
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Operator API for a directory's signal sources: the OpenID SSF transmitters (an IdP) whose
 * Security Event Tokens Tether receives and acts on. Every change is on the directory's audit
 * trail, recorded by the signals room's facts in the change's transaction.
 */
@Path("/admin/v1/directories/{dir}/signal-sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class SignalSourcesAdminResource {

    @Inject
    DirectoryLookup lookup;

    @Inject
    SignalSources sources;

    @Inject
    RequestCause cause;

    @Inject
    TetherConfig config;

    @Context
    UriInfo uriInfo;

    /** A transmitter to receive from; see docs/signals.md. */
    public record CreateSignalSource(String issuer, String configurationUrl, String jwksUri, String delivery,
            String audience, List<String> subjectMatch, Map<String, String> actions, String description,
            String transmitterToken) {
    }

    /**
     * A partial change: pause (SETs refused with access_denied) or resume, how subjects are
     * matched, and what events do ({@code actions} laid over the current ones). Absent fields stay;
     * others ({@code issuer}, {@code delivery}, …) cannot be changed and are refused by name.
     */
    public record SignalSourceChange(String status, List<String> subjectMatch, Map<String, String> actions,
            @com.fasterxml.jackson.annotation.JsonAnySetter @Schema(hidden = true) Map<String, Object> unchangeable) {
    }

    /**
     * A source as the operator sees it. {@code authorizationHeader} is present only in the
     * create response: the value the transmitter must send in {@code Authorization}.
     */
    public record SignalSourceView(UUID id, UUID directoryId, String issuer, String jwksUri, String configurationUrl,
            String delivery, String pushEndpoint, String audience, List<String> subjectMatch,
            Map<String, String> actions, String description, String status, Stream stream,
            OffsetDateTime lastReceivedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt,
            String authorizationHeader) {
    }

    /**
     * What the transmitter last said about the stream: its status and reason (read every
     * tether.signals.stream-status-interval, or from a stream-updated event), when it was last read
     * and why that failed if it did, and the last verification asked for and received.
     */
    public record Stream(String id, String status, String reason, OffsetDateTime checkedAt, String checkError,
            OffsetDateTime verificationRequestedAt, OffsetDateTime verifiedAt, String verificationState) {
    }

    @POST
    @APIResponse(responseCode = "201", description = "the source, with the Authorization header value (shown only here)",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignalSourceView.class)))
    public Response create(@PathParam("dir") String dir,
            CreateSignalSource body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = lookup.directoryOr404(dir).id;
        SignalSources.Created created;
        try {
            created = sources.create(directoryId, new SignalSources.Definition(body.issuer(), body.configurationUrl(),
                    body.jwksUri(), body.delivery(), body.audience(), body.subjectMatch(), body.actions(),
                    body.description(), body.transmitterToken()), this::pushEndpoint, cause.get());
        } catch (SignalRefusal e) {
            throw refused(e);
        }
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.source().id().toString()).build())
                .entity(view(created.source(), created.authorizationHeader())).build();
    }

    @GET
    @APIResponse(responseCode = "200", description = "a page of the directory's signal sources, oldest first",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = SignalSourceView.class)))
    public Response list(@PathParam("dir") String dir, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        UUID directoryId = lookup.directoryOr404(dir).id;
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "signal-sources");
        List<SignalSource> rows = sources.list(directoryId,
                key == null ? null : key.at().atOffset(java.time.ZoneOffset.UTC), key == null ? null : key.id(), size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                s -> AdminPaging.cursor("signal-sources", AdminPaging.TimeKey.of(s.createdAt().toInstant(), s.id())),
                s -> view(s, null));
    }

    @GET
    @Path("{id}")
    public SignalSourceView get(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = lookup.directoryOr404(dir).id;
        return AdminIds.parse(id).flatMap(u -> sources.find(directoryId, u)).map(s -> view(s, null))
                .orElseThrow(() -> notFound(id));
    }

    @PATCH
    @Path("{id}")
    public SignalSourceView change(@PathParam("dir") String dir, @PathParam("id") String id,
            SignalSourceChange body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = lookup.directoryOr404(dir).id;
        UUID sourceId = AdminIds.pathId(id, noSource(id));
        if (body.unchangeable() != null && !body.unchangeable().isEmpty()) {
            String field = body.unchangeable().keySet().iterator().next();
            throw AdminProblemException.badField("/" + Problem.token(field), "\"" + field + "\" cannot be changed; "
                    + "\"status\", \"subjectMatch\" and \"actions\" can");
        }
        try {
            return sources.change(directoryId, sourceId, new SignalSources.Change(body.status(), body.subjectMatch(),
                    body.actions()), cause.get()).map(s -> view(s, null)).orElseThrow(() -> notFound(id));
        } catch (SignalRefusal e) {
            throw refused(e);
        }
    }

    /**
     * Asks the transmitter of a managed stream for a verification event now; the source's
     * {@code stream.verifiedAt} moves on when it arrives. 409 (the object's state) for a stream
     * Tether does not manage or a paused source.
     */
    @POST
    @Path("{id}/verify")
    @Consumes(MediaType.WILDCARD) // no body: curl -X POST should do
    @APIResponse(responseCode = "202", description = "the transmitter took the request; the event follows",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignalSourceView.class)))
    @APIResponse(responseCode = "502", description = "the transmitter did not take the request; nothing changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response verify(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = lookup.directoryOr404(dir).id;
        UUID sourceId = AdminIds.pathId(id, noSource(id));
        try {
            SignalSource requested = sources.requestVerification(directoryId, sourceId, cause.get())
                    .orElseThrow(() -> notFound(id));
            return Response.accepted(view(requested, null)).build();
        } catch (SignalRefusal e) {
            throw refused(e);
        }
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "deleted; its push endpoint refuses every SET from now on")
    public Response delete(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = lookup.directoryOr404(dir).id;
        if (!AdminIds.parse(id).map(u -> sources.delete(directoryId, u, cause.get())).orElse(false)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private SignalSourceView view(SignalSource s, String authorizationHeader) {
        return new SignalSourceView(s.id(), s.directoryId(), s.issuer(), s.jwksUri(), s.configurationUrl(), s.delivery(),
                SignalSource.PUSH.equals(s.delivery()) ? pushEndpoint(s.id()) : null, s.audience(), s.subjectMatch(),
                s.actions(), s.description(), s.status(),
                new Stream(s.streamId(), s.streamStatus(), s.streamReason(), s.streamCheckedAt(), s.streamCheckError(),
                        s.verificationRequestedAt(), s.verifiedAt(), s.verificationState()),
                s.lastReceivedAt(), s.createdAt(), s.updatedAt(), authorizationHeader);
    }

    /** Tether's RFC 8935 endpoint for one source; absolute, behind a proxy from tether.public-base-url. */
    private String pushEndpoint(UUID sourceId) {
        return PublicBaseUrl.of(config, uriInfo.getBaseUri()) + SignalPushResource.PATH + "/" + sourceId;
    }

    private static AdminProblemException refused(SignalRefusal e) {
        if (SignalRefusal.CONFLICT.equals(e.err())) {
            return new AdminProblemException(Response.Status.CONFLICT, e.description());
        }
        if (SignalRefusal.TRANSMITTER_FAILED.equals(e.err())) {
            return new AdminProblemException(Response.Status.BAD_GATEWAY, e.description());
        }
        return e.pointer() == null ? AdminProblemException.badRequest(e.description())
                : AdminProblemException.badField(e.pointer(), e.description());
    }

    private static AdminProblemException notFound(String id) {
        return AdminProblemException.notFound(noSource(id));
    }

    private static String noSource(String id) {
        return "no signal source " + id + " in this directory";
    }
}
