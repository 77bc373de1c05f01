package dev.tether.admin;

import static dev.tether.admin.JsonFields.optionalObject;
import static dev.tether.admin.JsonFields.requiredObject;
import static dev.tether.admin.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.CanonicalJson;
import dev.tether.authz.ActionTrail;
import dev.tether.authz.RecordedAction;
import dev.tether.authz.ReportedAction;
import dev.tether.platform.Clock;
import dev.tether.security.AdminRoles;
import dev.tether.security.DirectoryClaim;
import dev.tether.security.RequestCause;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Apps report what agents did: {@code POST /admin/v1/directories/{dir}/actions}, one action or
 * {@code {"actions": [...]}}, deduplicated by {@code Idempotency-Key}; and everyone who may read
 * the trail queries it by user, agent, delegation, credential and time. docs/actions.md.
 */
@Path("/admin/v1/directories/{dir}/actions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ActionsAdminResource {

    static final int MAX_BATCH = 1000;
    static final int MAX_METADATA_KEYS = 50;
    static final int MAX_KEY_LENGTH = 255;
    /** Clocks of reporting apps drift; an action further in the future than this is refused. */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    static final Set<String> OUTCOMES = Set.of("success", "failure", "denied");
    /** Rows read per query while an export streams. */
    static final int EXPORT_PAGE = 500;

    @Inject
    ActionTrail trail;

    @Inject
    DirectoryLookup lookup;

    @Inject
    DirectoryClaim claim;

    @Inject
    RequestCause cause;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    @Context
    UriInfo uriInfo;

    @POST
    @RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION, AdminRoles.PEP})
    @APIResponse(responseCode = "201", description = "the action bound to its chain (a batch: {\"actions\": [...]}); "
            + "Idempotent-Replayed: true when the Idempotency-Key was seen with the same body",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response report(@PathParam("dir") String dir, @HeaderParam("Idempotency-Key") String key, JsonNode body) {
        UUID directoryId = directory(dir);
        if (body == null || !body.isObject()) {
            throw AdminProblemException.badRequest(AdminErrorMapping.NOT_AN_OBJECT);
        }
        if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
            throw AdminProblemException.badRequest("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        ObjectNode request = (ObjectNode) body;
        boolean batch = request.has("actions");
        List<ReportedAction> actions = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        OffsetDateTime latest = clock.now().plus(FUTURE_SKEW);
        if (batch) {
            JsonNode items = request.get("actions");
            if (!items.isArray() || items.isEmpty()) {
                throw AdminProblemException.badField("/actions", "\"actions\" must be a non-empty array of objects");
            }
            if (items.size() > MAX_BATCH) {
                throw AdminProblemException.badField("/actions", "at most " + MAX_BATCH + " actions per report");
            }
            for (int i = 0; i < items.size(); i++) {
                String at = "/actions/" + i;
                if (!items.get(i).isObject()) {
                    throw AdminProblemException.badField(at, "each action must be a JSON object");
                }
                actions.add(action((ObjectNode) items.get(i), at, latest));
                pointers.add(at);
            }
        } else {
            actions.add(action(request, "", latest));
            pointers.add("");
        }
        // the body's digest is only compared under an Idempotency-Key; canonicalising a batch costs more than storing it
        String digest = key == null ? null : CanonicalJson.sha256Hex(request);
        ActionTrail.Report report = trail.record(directoryId, key, digest, actions, pointers,
                cause.get());
        Object entity;
        if (batch) {
            ObjectNode out = mapper.createObjectNode();
            ArrayNode list = out.putArray("actions");
            report.actions().forEach(a -> list.add(view(a)));
            entity = out;
        } else {
            entity = view(report.actions().get(0));
        }
        Response.ResponseBuilder response = Response.status(Response.Status.CREATED).entity(entity);
        if (report.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    @GET
    @RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION, AdminRoles.PEP, AdminRoles.AUDITOR})
    @APIResponse(responseCode = "200", description = "a page of actions in occurredAt order, each with its chain",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Object.class)))
    public Response query(@PathParam("dir") String dir, @QueryParam("user") String user, @QueryParam("agent") String agent,
            @QueryParam("delegation") String delegation, @QueryParam("credential") String credential,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        UUID directoryId = directory(dir);
        ActionTrail.Query q = new ActionTrail.Query(AdminIds.queryId(user, "user"), AdminIds.queryId(agent, "agent"),
                AdminIds.queryId(delegation, "delegation"), AdminIds.queryId(credential, "credential"),
                queryTime(from, "from"), queryTime(to, "to"));
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "actions");
        List<RecordedAction> rows = trail.find(directoryId, q, key == null ? null : key.at().atOffset(ZoneOffset.UTC),
                key == null ? null : key.id(), size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                a -> AdminPaging.cursor("actions", AdminPaging.TimeKey.of(a.occurredAt().toInstant(), a.id())), this::view);
    }

    /**
     * The trail as OCSF 1.3.0 API Activity events ({@link OcsfApiActivity}), one per line, in
     * {@code occurredAt} order, with the query's filters. Streamed: read in pages of
     * {@link #EXPORT_PAGE} while it is written, so any window costs the same memory. With
     * {@code limit}, at most that many lines and a {@code Link rel="next"} to the rest, whose
     * cursor is the list's own.
     */
    @GET
    @Path("export")
    @Produces(AuditAdminResource.JSON_LINES)
    @RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION, AdminRoles.PEP, AdminRoles.AUDITOR})
    @APIResponse(responseCode = "200", description = "the actions as OCSF 1.3.0 API Activity events, one per line",
            headers = @Header(name = "Link", description = "with limit: RFC 8288 rel=\"next\" link to the rest",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = AuditAdminResource.JSON_LINES, schema = @Schema(type = SchemaType.STRING)))
    public Response export(@PathParam("dir") String dir, @QueryParam("format") String format,
            @QueryParam("user") String user, @QueryParam("agent") String agent,
            @QueryParam("delegation") String delegation, @QueryParam("credential") String credential,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        UUID directoryId = directory(dir);
        if (format != null && !format.isEmpty() && !format.equals("ocsf")) {
            throw AdminProblemException.badParameter("format", "\"format\" must be ocsf");
        }
        ActionTrail.Query q = new ActionTrail.Query(AdminIds.queryId(user, "user"), AdminIds.queryId(agent, "agent"),
                AdminIds.queryId(delegation, "delegation"), AdminIds.queryId(credential, "credential"),
                queryTime(from, "from"), queryTime(to, "to"));
        Integer lines = limit == null || limit.isEmpty() ? null : AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "actions");
        OffsetDateTime afterAt = key == null ? null : key.at().atOffset(ZoneOffset.UTC);
        UUID afterId = key == null ? null : key.id();
        // the first page is read before answering, so a bad window fails as a problem and a limited export knows its next link
        int firstSize = lines == null ? EXPORT_PAGE : lines;
        List<RecordedAction> first = trail.find(directoryId, q, afterAt, afterId, firstSize + 1);
        String next = null;
        if (lines != null && first.size() > lines) {
            RecordedAction last = first.get(lines - 1);
            next = AdminPaging.cursor("actions", AdminPaging.TimeKey.of(last.occurredAt().toInstant(), last.id()));
        }
        List<RecordedAction> head = first.subList(0, Math.min(firstSize, first.size()));
        boolean more = lines == null && first.size() > firstSize;
        StreamingOutput body = out -> {
            List<RecordedAction> page = head;
            boolean rest = more;
            while (true) {
                writeLines(directoryId, page, out);
                if (!rest || page.isEmpty()) {
                    break;
                }
                RecordedAction last = page.get(page.size() - 1);
                List<RecordedAction> read = trail.find(directoryId, q, last.occurredAt(), last.id(), EXPORT_PAGE + 1);
                rest = read.size() > EXPORT_PAGE;
                page = read.subList(0, Math.min(EXPORT_PAGE, read.size()));
            }
        };
        Response.ResponseBuilder response = Response.ok(body, AuditAdminResource.JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"actions-" + directoryId + ".ocsf.jsonl\"");
        if (next != null) {
            response.header("Link", "<" + uriInfo.getRequestUriBuilder().replaceQueryParam("after", next).build()
                    + ">; rel=\"next\"");
        }
        return response.build();
    }

    private void writeLines(UUID directoryId, List<RecordedAction> page, java.io.OutputStream out)
            throws java.io.IOException {
        if (page.isEmpty()) {
            return;
        }
        ActionTrail.Names names = trail.names(directoryId, page);
        for (RecordedAction a : page) {
            out.write(mapper.writeValueAsBytes(OcsfApiActivity.of(mapper, a, names)));
            out.write('\n');
        }
        out.flush();
    }

    private ReportedAction action(ObjectNode item, String at, OffsetDateTime latest) {
        UUID agent = null;
        String rawAgent = text(item, "agent", at, false);
        if (rawAgent != null) {
            agent = AdminIds.parse(rawAgent).orElseThrow(() -> AdminProblemException.badField(at + "/agent",
                    "\"agent\" is not an id"));
        }
        UUID credentialId = null;
        String handle = null;
        String audience = null;
        ObjectNode credential = optionalObject(item, "credential", at);
        if (credential != null) {
            String raw = text(credential, "id", at + "/credential", false);
            handle = text(credential, "externalId", at + "/credential", false);
            audience = text(credential, "audience", at + "/credential", false);
            if (raw == null && handle == null) {
                throw AdminProblemException.badField(at + "/credential", "\"credential\" needs \"id\" or \"externalId\"");
            }
            if (raw != null) {
                credentialId = AdminIds.parse(raw).orElseThrow(() -> AdminProblemException.badField(at + "/credential/id",
                        "\"id\" is not an id"));
                handle = null;
            }
        }
        if (agent == null && credential == null) {
            throw AdminProblemException.badField(at + "/credential", "an action needs \"credential\" or \"agent\"");
        }
        String name = text(item, "action", at, true);
        ObjectNode target = requiredObject(item, "target", at);
        String targetType = text(target, "type", at + "/target", true);
        String targetId = text(target, "id", at + "/target", true);
        String targetName = text(target, "name", at + "/target", false);
        String rawTime = text(item, "occurredAt", at, true);
        OffsetDateTime occurredAt;
        try {
            occurredAt = OffsetDateTime.parse(rawTime);
        } catch (DateTimeParseException e) {
            throw AdminProblemException.badField(at + "/occurredAt", "\"occurredAt\" " + AdminErrorMapping.RFC_3339
                    + ", e.g. " + AdminErrorMapping.RFC_3339_EXAMPLE);
        }
        if (occurredAt.isAfter(latest)) {
            throw AdminProblemException.badField(at + "/occurredAt", "\"occurredAt\" is in the future");
        }
        String outcome = text(item, "outcome", at, true);
        if (!OUTCOMES.contains(outcome)) {
            throw AdminProblemException.badField(at + "/outcome", "\"outcome\" must be success, failure or denied");
        }
        String decisionId = text(item, "decisionId", at, false);
        ObjectNode metadata = optionalObject(item, "metadata", at);
        if (metadata != null && metadata.size() > MAX_METADATA_KEYS) {
            throw AdminProblemException.badField(at + "/metadata", "\"metadata\" has at most " + MAX_METADATA_KEYS + " keys");
        }
        // in UTC and cut to PostgreSQL's microseconds, as the trail requires: its answer is built from this value
        return new ReportedAction(agent, credentialId, handle, audience, name, targetType, targetId, targetName,
                occurredAt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                outcome, decisionId, metadata);
    }

    private ObjectNode view(RecordedAction a) {
        ObjectNode v = mapper.createObjectNode();
        v.put("id", a.id().toString());
        v.put("occurredAt", a.occurredAt().toInstant().toString());
        v.put("recordedAt", a.recordedAt().toInstant().toString());
        v.put("action", a.action());
        v.put("outcome", a.outcome());
        ObjectNode target = v.putObject("target").put("type", a.targetType()).put("id", a.targetId());
        if (a.targetName() != null) {
            target.put("name", a.targetName());
        }
        v.put("decisionId", a.decisionId());
        v.set("metadata", a.metadata());
        v.put("agentId", a.agentId().toString());
        v.put("credentialId", a.credentialId() == null ? null : a.credentialId().toString());
        v.put("delegationId", a.delegationId() == null ? null : a.delegationId().toString());
        v.put("rootUserId", a.rootUserId() == null ? null : a.rootUserId().toString());
        ArrayNode chain = v.putArray("chain");
        a.chain().forEach(id -> chain.add(id.toString()));
        v.set("binding", a.binding());
        v.put("afterRevocation", a.afterRevocation());
        ObjectNode audit = v.putObject("audit");
        if (a.auditRecordId() != null) {
            audit.put("recordId", a.auditRecordId());
        }
        if (a.auditPosition() != null) {
            audit.put("position", a.auditPosition());
        }
        return v;
    }

    private static OffsetDateTime queryTime(String raw, String name) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw);
        } catch (DateTimeParseException e) {
            throw AdminProblemException.badParameter(name, "\"" + name + "\" " + AdminErrorMapping.RFC_3339 + ", e.g. "
                    + AdminErrorMapping.RFC_3339_EXAMPLE);
        }
    }

    private UUID directory(String dir) {
        if (!claim.allows(dir)) {
            throw new ForbiddenException();
        }
        return lookup.idOr404(dir);
    }
}
