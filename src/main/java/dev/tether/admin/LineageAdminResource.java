package dev.tether.admin;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import dev.tether.lineage.Credential;
import dev.tether.lineage.Credentials;
import dev.tether.lineage.Delegation;
import dev.tether.lineage.Delegations;
import dev.tether.lineage.LeaverDrill;
import dev.tether.lineage.LineageQueries;
import dev.tether.lineage.UserHold;
import dev.tether.lineage.UserHolds;
import dev.tether.events.LeaverNotices;
import dev.tether.lineage.CascadeRevocation;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The integration API of lineage: delegations, credentials, status checks and lineage reads,
 * for operators and for the agent platform (role tether-integration). JSON, not SCIM; errors
 * are problem details and a refused request changes nothing.
 */
@Path("/admin/v1/directories/{dir}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION})
@CustomDeserialization(StrictJsonBinding.class)
public class LineageAdminResource {

    @Inject
    DirectoryLookup lookup;

    @Inject
    CredentialStatusCheck statusCheck;

    @Inject
    Delegations delegations;

    @Inject
    Credentials credentials;

    @Inject
    LineageQueries lineage;

    @Inject
    UserHolds holds;

    @Inject
    LeaverDrill drill;

    @Inject
    LeaverNotices notices;

    @Inject
    RequestCause cause;

    @Context
    UriInfo uriInfo;

    public record Party(String type, UUID id) {
    }

    /**
     * A grant to an agent. What makes a grant acceptable (a known delegator, scopes within the
     * delegator's own, basis groups the delegator is in, …) is lineage's rule, refused there.
     */
    public record GrantRequest(Party delegator, UUID agentId, List<String> scopes, String audience,
            OffsetDateTime expiresAt, Integer maxDepth, List<UUID> basisGroups, String kind, UUID parentDelegationId,
            OffsetDateTime reviewBy) {

        String delegatorType() {
            return delegator == null ? null : delegator.type();
        }

        UUID delegatorId() {
            return delegator == null ? null : delegator.id();
        }
    }

    /** A credential issued elsewhere under a delegation; Tether records its handle, never the secret. */
    public record CredentialRequest(UUID agentId, UUID delegationId, String kind, String externalId, String audience,
            OffsetDateTime expiresAt, String fingerprint) {
    }

    public record DelegationView(UUID id, Party delegator, UUID agentId, UUID parentDelegationId, UUID rootUserId,
            int depth, Integer maxDepth, List<String> scopes, String audience, OffsetDateTime expiresAt,
            List<UUID> basisGroups, String kind, String status, OffsetDateTime revokedAt, String reason, UUID cause,
            OffsetDateTime createdAt, OffsetDateTime reviewBy, OffsetDateTime reviewedAt, int version) {
        static DelegationView of(Delegation d) {
            return new DelegationView(d.id(), new Party(d.delegatorType(), d.delegatorId()), d.agentId(),
                    d.parentDelegationId(), d.rootUserId(), d.depth(), d.maxDepth(), d.scopes(), d.audience(),
                    d.expiresAt(), d.basisGroups(), d.kind(), d.status(), d.revokedAt(), d.revokeReason(), d.revokeCause(),
                    d.createdAt(), d.reviewBy(), d.reviewedAt(), d.version());
        }
    }

    public record CredentialView(UUID id, UUID agentId, UUID delegationId, String kind, String externalId, String audience,
            String fingerprint, OffsetDateTime expiresAt, String status, OffsetDateTime revokedAt, String reason, UUID cause,
            OffsetDateTime createdAt) {
        static CredentialView of(Credential c) {
            return new CredentialView(c.id(), c.agentId(), c.delegationId(), c.kind(), c.externalId(), c.audience(),
                    c.fingerprint(), c.expiresAt(), c.status(), c.revokedAt(), c.revokeReason(), c.revokeCause(),
                    c.createdAt());
        }
    }

    public record NodeView(DelegationView delegation, LineageQueries.AgentSummary agent, List<CredentialView> credentials,
            List<NodeView> derived) {
        static NodeView of(LineageQueries.Node n) {
            return new NodeView(DelegationView.of(n.delegation()), n.agent(),
                    n.credentials().stream().map(CredentialView::of).toList(),
                    n.derived().stream().map(NodeView::of).toList());
        }
    }

    public record ChainView(UUID rootUserId, boolean active, List<DelegationView> delegations) {
    }

    /**
     * Every delegation rooted at a user, as a tree: what the user's leaving would revoke; and the
     * user's hold (null when none): nothing new is granted from them while it lasts.
     */
    public record UserLineage(UUID userId, HoldView hold, List<NodeView> delegations) {
    }

    /** Why a user is on hold: the signal (issuer, jti, source) that put them there, and when. */
    public record HoldView(String reason, String issuer, String jti, UUID signalSourceId, UUID cause,
            OffsetDateTime placedAt) {
        static HoldView of(UserHold h) {
            return new HoldView(h.reason(), h.issuer(), h.jti(), h.sourceId(), h.cause(), h.placedAt());
        }
    }

    /**
     * Every chain an agent acts under, each from its root user down to the agent; and the agent
     * itself (active, and whether it existed) as it was at the instant asked about, or now.
     */
    public record AgentLineage(UUID agentId, LineageQueries.AgentSummary agent, List<ChainView> chains) {
    }

    // ---- delegations

    @POST
    @Path("delegations")
    @APIResponse(responseCode = "201", description = "the delegation",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DelegationView.class)))
    public Response createDelegation(@PathParam("dir") String dir,
            GrantRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = directory(dir);
        Delegation created = delegations.create(directoryId, new Delegations.Grant(
                body.delegatorType(), body.delegatorId(),
                body.agentId(), body.scopes(), body.audience(),
                body.expiresAt(), body.maxDepth(), body.basisGroups(), body.kind(),
                body.parentDelegationId(), body.reviewBy()), cause.get());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(DelegationView.of(created)).build();
    }

    @GET
    @Path("delegations/{id}")
    public DelegationView delegation(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        return AdminIds.parse(id).flatMap(u -> delegations.find(directoryId, u)).map(DelegationView::of)
                .orElseThrow(() -> AdminProblemException.notFound("no delegation " + id + " in this directory"));
    }

    @GET
    @Path("delegations")
    @APIResponse(responseCode = "200", description = "a page of delegations, oldest first",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DelegationView.class)))
    public Response delegations(@PathParam("dir") String dir, @QueryParam("rootUserId") String rootUserId,
            @QueryParam("agentId") String agentId, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        UUID directoryId = directory(dir);
        UUID root = AdminIds.queryId(rootUserId, "rootUserId");
        UUID agent = AdminIds.queryId(agentId, "agentId");
        String wanted = queryStatus(status);
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "delegations");
        List<Delegation> rows = delegations.list(directoryId, root, agent, wanted, at(key), key == null ? null : key.id(),
                size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                d -> AdminPaging.cursor("delegations", AdminPaging.TimeKey.of(d.createdAt().toInstant(), d.id())),
                DelegationView::of);
    }

    @DELETE
    @Path("delegations/{id}")
    @APIResponse(responseCode = "204", description = "revoked, with every delegation and credential derived from it")
    public Response revokeDelegation(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        if (!AdminIds.parse(id).map(u -> delegations.revoke(directoryId, u, cause.get())).orElse(false)) {
            throw AdminProblemException.notFound("no delegation " + id + " in this directory");
        }
        return Response.noContent().build();
    }

    // ---- credentials

    @POST
    @Path("credentials")
    @APIResponse(responseCode = "201", description = "the credential's handle (never its secret)",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CredentialView.class)))
    public Response createCredential(@PathParam("dir") String dir,
            CredentialRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = directory(dir);
        Credential created = credentials.create(directoryId, new Credentials.Issue(body.agentId(),
                body.delegationId(), body.kind(), body.externalId(),
                body.audience(), body.expiresAt(), body.fingerprint()),
                cause.get());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(CredentialView.of(created)).build();
    }

    @GET
    @Path("credentials/{id}")
    public CredentialView credential(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        return AdminIds.parse(id).flatMap(u -> credentials.find(directoryId, u)).map(CredentialView::of)
                .orElseThrow(() -> AdminProblemException.notFound("no credential " + id + " in this directory"));
    }

    @GET
    @Path("credentials")
    @APIResponse(responseCode = "200", description = "a page of credentials, oldest first",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = CredentialView.class)))
    public Response credentials(@PathParam("dir") String dir, @QueryParam("agentId") String agentId,
            @QueryParam("delegationId") String delegationId, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        UUID directoryId = directory(dir);
        UUID agent = AdminIds.queryId(agentId, "agentId");
        UUID delegation = AdminIds.queryId(delegationId, "delegationId");
        String wanted = queryStatus(status);
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "credentials");
        List<Credential> rows = credentials.list(directoryId, agent, delegation, wanted, at(key),
                key == null ? null : key.id(), size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                c -> AdminPaging.cursor("credentials", AdminPaging.TimeKey.of(c.createdAt().toInstant(), c.id())),
                CredentialView::of);
    }

    private static OffsetDateTime at(AdminPaging.TimeKey key) {
        return key == null ? null : key.at().atOffset(java.time.ZoneOffset.UTC);
    }

    @DELETE
    @Path("credentials/{id}")
    @APIResponse(responseCode = "204", description = "revoked")
    public Response revokeCredential(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        if (!AdminIds.parse(id).map(u -> credentials.revoke(directoryId, u, cause.get())).orElse(false)) {
            throw AdminProblemException.notFound("no credential " + id + " in this directory");
        }
        return Response.noContent().build();
    }

    /** Status of credentials in one directory. */
    @POST
    @Path("credentials/status")
    public Map<String, List<CredentialStatusCheck.StatusView>> directoryStatus(@PathParam("dir") String dir,
            CredentialStatusCheck.StatusRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        return statusCheck.check(directory(dir), body);
    }

    // ---- lineage

    @GET
    @Path("users/{id}/lineage")
    public UserLineage userLineage(@PathParam("dir") String dir, @PathParam("id") String id,
            @QueryParam("at") String at) {
        UUID directoryId = directory(dir);
        UUID userId = AdminIds.pathId(id, "no user " + id + " in this directory");
        List<LineageQueries.Node> tree = lineage.userTree(directoryId, userId, at(at))
                .orElseThrow(() -> AdminProblemException.notFound("no user " + id + " in this directory"));
        return new UserLineage(userId, holds.find(directoryId, userId).map(HoldView::of).orElse(null),
                tree.stream().map(NodeView::of).toList());
    }

    /** How many of each a leaver would revoke or suspend; agentsAffected: agents losing anything. */
    public record DrillCounts(int delegations, int credentials, int agentsSuspended, int agentsAffected) {
    }

    /** One subscription that would be told, and how many events of each type it would get. */
    public record DrillSubscription(UUID id, String url, String format, String status, Map<String, Integer> eventTypes) {
    }

    /**
     * A leaver's dry run: what deactivating the user now would revoke (ids, counts, and the tree
     * they sit in) and which subscriptions would be told of what. Nothing is changed.
     */
    public record LeaverDrillView(UUID userId, boolean userActive, DrillCounts wouldRevoke, List<UUID> delegations,
            List<UUID> credentials, List<UUID> agentsSuspended, List<DrillSubscription> subscriptions,
            List<NodeView> lineage) {
        static LeaverDrillView of(LeaverDrill.Result r, List<LeaverNotices.Told> told) {
            CascadeRevocation.Preview p = r.preview();
            return new LeaverDrillView(r.userId(), r.userActive(), new DrillCounts(p.delegations().size(),
                    p.credentials().size(), p.agents().size(), p.agentsAffected().size()),
                    p.delegations().stream().map(CascadeRevocation.Doomed::id).toList(),
                    p.credentials().stream().map(CascadeRevocation.Doomed::id).toList(), p.agents(),
                    told.stream().map(t -> new DrillSubscription(t.subscriptionId(), t.url(), t.format(), t.status(),
                            t.eventTypes())).toList(),
                    r.tree().stream().map(NodeView::of).toList());
        }
    }

    /** The leaver drill: a dry run of the user's leaving; reads only, so auditors may run it too. */
    @GET
    @Path("users/{id}/leaver-drill")
    @RolesAllowed({AdminRoles.OPERATOR, AdminRoles.AUDITOR})
    @APIResponse(responseCode = "200", description = "what the user's leaving would revoke and who would be told; nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeaverDrillView.class)))
    public LeaverDrillView leaverDrill(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        UUID userId = AdminIds.pathId(id, "no user " + id + " in this directory");
        LeaverDrill.Result result = drill.run(directoryId, userId)
                .orElseThrow(() -> AdminProblemException.notFound("no user " + id + " in this directory"));
        return LeaverDrillView.of(result, notices.forLeaver(directoryId, result.preview()));
    }

    /** An operator releases a user's hold: grants and credentials for them are accepted again. */
    @DELETE
    @Path("users/{id}/hold")
    @RolesAllowed(AdminRoles.OPERATOR)
    @APIResponse(responseCode = "204", description = "released")
    public Response releaseHold(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        String none = "user " + id + " is not on hold in this directory";
        UUID userId = AdminIds.pathId(id, none);
        if (!holds.release(directoryId, userId, cause.get())) {
            throw AdminProblemException.notFound(none);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("agents/{id}/lineage")
    public AgentLineage agentLineage(@PathParam("dir") String dir, @PathParam("id") String id,
            @QueryParam("at") String at) {
        UUID directoryId = directory(dir);
        UUID agentId = AdminIds.pathId(id, "no agent " + id + " in this directory");
        OffsetDateTime instant = at(at);
        List<LineageQueries.Chain> chains = lineage.agentChains(directoryId, agentId, instant)
                .orElseThrow(() -> AdminProblemException.notFound("no agent " + id + " in this directory"));
        return new AgentLineage(agentId, lineage.agentAt(directoryId, agentId, instant), chains.stream().map(c -> new ChainView(c.rootUserId(), c.active(),
                c.delegations().stream().map(DelegationView::of).toList())).toList());
    }


    private UUID directory(String dir) {
        return lookup.directoryOr404(dir).id;
    }

    /** The {@code at} of a point-in-time read: absent is now, anything but RFC 3339 is a 400 naming it. */
    private static OffsetDateTime at(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw AdminProblemException.badParameter("at", "\"at\" " + AdminErrorMapping.RFC_3339 + ", e.g. "
                    + AdminErrorMapping.RFC_3339_EXAMPLE);
        }
    }

    private static String queryStatus(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        if (!status.equals("active") && !status.equals("revoked")) {
            throw AdminProblemException.badParameter("status", "\"status\" must be active or revoked");
        }
        return status;
    }
}
