package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.directory.DirectoryService;
import dev.tether.lineage.Credential;
import dev.tether.lineage.Credentials;
import dev.tether.lineage.Delegation;
import dev.tether.lineage.Delegations;
import dev.tether.lineage.LineageQueries;
import dev.tether.platform.LineageConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
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
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The integration API of lineage: delegations, credentials, status checks and lineage reads,
 * for operators and for the agent platform (role tether-integration). JSON, not SCIM; errors
 * are problem details and a refused request changes nothing.
 */
@Path("/admin/v1/directories/{dir}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION})
public class LineageAdminResource {

    static final int MAX_LIST = 1000;

    @Inject
    DirectoryService directories;

    @Inject
    Delegations delegations;

    @Inject
    Credentials credentials;

    @Inject
    LineageQueries lineage;

    @Inject
    LineageConfig config;

    @Inject
    RequestCause cause;

    @Context
    UriInfo uriInfo;

    public record Party(String type, UUID id) {
    }

    public record DelegationView(UUID id, Party delegator, UUID agentId, UUID parentDelegationId, UUID rootUserId,
            int depth, Integer maxDepth, List<String> scopes, String audience, OffsetDateTime expiresAt,
            List<UUID> basisGroups, String kind, String status, OffsetDateTime revokedAt, String reason, UUID cause,
            OffsetDateTime createdAt) {
        static DelegationView of(Delegation d) {
            return new DelegationView(d.id(), new Party(d.delegatorType(), d.delegatorId()), d.agentId(),
                    d.parentDelegationId(), d.rootUserId(), d.depth(), d.maxDepth(), d.scopes(), d.audience(),
                    d.expiresAt(), d.basisGroups(), d.kind(), d.status(), d.revokedAt(), d.revokeReason(), d.revokeCause(),
                    d.createdAt());
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

    public record StatusView(String audience, String externalId, boolean found, boolean active, UUID credentialId,
            UUID directoryId, OffsetDateTime revokedAt, String reason, UUID rootUserId, List<UUID> chain) {
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

    // ---- delegations

    @POST
    @Path("delegations")
    public Response createDelegation(@PathParam("dir") String dir, JsonNode body) {
        UUID directoryId = directory(dir);
        JsonNode b = object(body);
        JsonNode delegator = b.path("delegator");
        Delegation created = delegations.create(directoryId, new Delegations.Grant(
                text(delegator, "type", "delegator.type"), uuid(delegator, "id", "delegator.id"),
                uuid(b, "agentId", "agentId"), texts(b, "scopes"), text(b, "audience", "audience"),
                time(b, "expiresAt"), integer(b, "maxDepth"), uuids(b, "basisGroups"), text(b, "kind", "kind"),
                uuid(b, "parentDelegationId", "parentDelegationId")), cause.get());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(DelegationView.of(created)).build();
    }

    @GET
    @Path("delegations/{id}")
    public DelegationView delegation(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        return parse(id).flatMap(u -> delegations.find(directoryId, u)).map(DelegationView::of)
                .orElseThrow(() -> AdminProblemException.notFound("no delegation " + id + " in this directory"));
    }

    @GET
    @Path("delegations")
    public List<DelegationView> delegations(@PathParam("dir") String dir, @QueryParam("rootUserId") String rootUserId,
            @QueryParam("agentId") String agentId, @QueryParam("status") String status) {
        UUID directoryId = directory(dir);
        return delegations.list(directoryId, queryUuid(rootUserId, "rootUserId"), queryUuid(agentId, "agentId"),
                queryStatus(status), MAX_LIST).stream().map(DelegationView::of).toList();
    }

    @DELETE
    @Path("delegations/{id}")
    public Response revokeDelegation(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        if (!parse(id).map(u -> delegations.revoke(directoryId, u, cause.get())).orElse(false)) {
            throw AdminProblemException.notFound("no delegation " + id + " in this directory");
        }
        return Response.noContent().build();
    }

    // ---- credentials

    @POST
    @Path("credentials")
    public Response createCredential(@PathParam("dir") String dir, JsonNode body) {
        UUID directoryId = directory(dir);
        JsonNode b = object(body);
        Credential created = credentials.create(directoryId, new Credentials.Issue(uuid(b, "agentId", "agentId"),
                uuid(b, "delegationId", "delegationId"), text(b, "kind", "kind"), text(b, "externalId", "externalId"),
                text(b, "audience", "audience"), time(b, "expiresAt"), text(b, "fingerprint", "fingerprint")),
                cause.get());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(CredentialView.of(created)).build();
    }

    @GET
    @Path("credentials/{id}")
    public CredentialView credential(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        return parse(id).flatMap(u -> credentials.find(directoryId, u)).map(CredentialView::of)
                .orElseThrow(() -> AdminProblemException.notFound("no credential " + id + " in this directory"));
    }

    @GET
    @Path("credentials")
    public List<CredentialView> credentials(@PathParam("dir") String dir, @QueryParam("agentId") String agentId,
            @QueryParam("delegationId") String delegationId, @QueryParam("status") String status) {
        UUID directoryId = directory(dir);
        return credentials.list(directoryId, queryUuid(agentId, "agentId"), queryUuid(delegationId, "delegationId"),
                queryStatus(status), MAX_LIST).stream().map(CredentialView::of).toList();
    }

    @DELETE
    @Path("credentials/{id}")
    public Response revokeCredential(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        if (!parse(id).map(u -> credentials.revoke(directoryId, u, cause.get())).orElse(false)) {
            throw AdminProblemException.notFound("no credential " + id + " in this directory");
        }
        return Response.noContent().build();
    }

    /** Status of credentials in one directory. */
    @POST
    @Path("credentials/status")
    public Map<String, List<StatusView>> directoryStatus(@PathParam("dir") String dir, JsonNode body) {
        return Map.of("credentials", status(directory(dir), body));
    }

    List<StatusView> status(UUID directoryId, JsonNode body) {
        JsonNode list = object(body).path("credentials");
        if (!list.isArray()) {
            throw AdminProblemException.badRequest("\"credentials\" must be an array of {\"audience\", \"externalId\"}");
        }
        if (list.size() > config.statusBatchMax()) {
            throw AdminProblemException.badRequest("at most " + config.statusBatchMax() + " credentials per request");
        }
        List<Credentials.Handle> handles = new ArrayList<>();
        for (JsonNode h : list) {
            String audience = text(h, "audience", "audience");
            String externalId = text(h, "externalId", "externalId");
            if (audience == null || externalId == null) {
                throw AdminProblemException.badRequest("every credential needs \"audience\" and \"externalId\"");
            }
            handles.add(new Credentials.Handle(audience, externalId));
        }
        List<StatusView> out = new ArrayList<>();
        for (Credentials.Status s : credentials.status(directoryId, handles)) {
            Credential c = s.credential();
            out.add(c == null
                    ? new StatusView(s.handle().audience(), s.handle().externalId(), false, false, null, null, null, null,
                            null, List.of())
                    : new StatusView(c.audience(), c.externalId(), true, c.active(), c.id(), c.directoryId(), c.revokedAt(),
                            c.revokeReason(), s.rootUserId(), s.chain()));
        }
        return out;
    }

    // ---- lineage

    @GET
    @Path("users/{id}/lineage")
    public Map<String, Object> userLineage(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        UUID userId = parse(id).orElseThrow(() -> AdminProblemException.notFound("no user " + id + " in this directory"));
        List<LineageQueries.Node> tree = lineage.userTree(directoryId, userId)
                .orElseThrow(() -> AdminProblemException.notFound("no user " + id + " in this directory"));
        return Map.of("userId", userId, "delegations", tree.stream().map(NodeView::of).toList());
    }

    @GET
    @Path("agents/{id}/lineage")
    public Map<String, Object> agentLineage(@PathParam("dir") String dir, @PathParam("id") String id) {
        UUID directoryId = directory(dir);
        UUID agentId = parse(id).orElseThrow(() -> AdminProblemException.notFound("no agent " + id + " in this directory"));
        List<LineageQueries.Chain> chains = lineage.agentChains(directoryId, agentId)
                .orElseThrow(() -> AdminProblemException.notFound("no agent " + id + " in this directory"));
        return Map.of("agentId", agentId, "chains", chains.stream().map(c -> new ChainView(c.rootUserId(), c.active(),
                c.delegations().stream().map(DelegationView::of).toList())).toList());
    }

    // ---- parsing: every malformed field is a 400 naming the field

    @ServerExceptionMapper
    public Response frameworkError(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        return status == null ? e.getResponse() : Problem.of(status, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(com.fasterxml.jackson.core.JacksonException e) {
        return Problem.of(Response.Status.BAD_REQUEST, "the request body is not valid JSON").toResponse();
    }


    private UUID directory(String dir) {
        Optional<UUID> id = parse(dir);
        if (id.isEmpty() || directories.find(id.get()).isEmpty()) {
            throw AdminProblemException.notFound("no directory " + dir);
        }
        return id.get();
    }

    private static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminProblemException.badRequest("the request body must be a JSON object");
        }
        return body;
    }

    private static Optional<UUID> parse(String value) {
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw AdminProblemException.badRequest("\"" + name + "\" must be a string");
        }
        return v.asText();
    }

    private static UUID uuid(JsonNode node, String field, String name) {
        String v = text(node, field, name);
        return v == null ? null : parse(v).orElseThrow(() -> AdminProblemException.badRequest("\"" + name + "\" is not an id"));
    }

    private static List<String> texts(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw AdminProblemException.badRequest("\"" + field + "\" must be an array of strings");
                }
                out.add(e.asText());
            }
            return out;
        }
        throw AdminProblemException.badRequest("\"" + field + "\" must be an array of strings");
    }

    private static List<UUID> uuids(JsonNode node, String field) {
        List<String> values = texts(node, field);
        if (values == null) {
            return null;
        }
        List<UUID> out = new ArrayList<>();
        for (String s : values) {
            out.add(parse(s).orElseThrow(() -> AdminProblemException.badRequest("\"" + field + "\" must hold ids: " + s)));
        }
        return out;
    }

    private static OffsetDateTime time(JsonNode node, String field) {
        String v = text(node, field, field);
        try {
            return v == null ? null : OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw AdminProblemException.badRequest("\"" + field + "\" must be an RFC 3339 date-time");
        }
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw AdminProblemException.badRequest("\"" + field + "\" must be an integer");
        }
        return v.intValue();
    }

    private static UUID queryUuid(String value, String name) {
        return value == null || value.isEmpty() ? null
                : parse(value).orElseThrow(() -> AdminProblemException.badRequest("\"" + name + "\" is not an id"));
    }

    private static String queryStatus(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        if (!status.equals("active") && !status.equals("revoked")) {
            throw AdminProblemException.badRequest("\"status\" must be active or revoked");
        }
        return status;
    }
}
