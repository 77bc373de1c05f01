package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.authz.AccessDecision;
import dev.tether.authz.AccessQuestion;
import dev.tether.authz.ActionTrail;
import dev.tether.authz.DecisionRecording;
import dev.tether.authz.ReportedAction;
import dev.tether.platform.Clock;
import dev.tether.security.RequestCause;
import dev.tether.authz.DecisionPoint;
import dev.tether.authz.DenyReason;
import dev.tether.platform.AuthzenConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.DirectoryClaim;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static dev.tether.admin.JsonFields.optionalObject;
import static dev.tether.admin.JsonFields.requiredObject;
import static dev.tether.admin.JsonFields.text;

/**
 * The OpenID AuthZEN Authorization API 1.0 over one directory's delegation graph: the policy
 * decision point {@code {base}/authzen/{dir}}. Callers are enforcement points with role
 * tether-pep (or operators), possibly limited to some directories (see {@link DirectoryClaim});
 * a caller refused a directory gets the same 403 whether it exists or not. Bodies are AuthZEN's
 * own JSON; errors are problem details. docs/authzen.md describes the questions and the answers.
 */
@Path("/authzen/{dir}/access/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({AdminRoles.OPERATOR, AdminRoles.PEP})
public class AuthZenResource {

    static final String EXECUTE_ALL = "execute_all";
    static final String DENY_ON_FIRST_DENY = "deny_on_first_deny";
    static final String PERMIT_ON_FIRST_PERMIT = "permit_on_first_permit";
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    @Inject
    DecisionPoint decisions;

    @Inject
    DirectoryLookup lookup;

    @Inject
    DirectoryClaim claim;

    @Inject
    AuthzenConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    DecisionRecording recording;

    @Inject
    ActionTrail trail;

    @Inject
    RequestCause cause;

    @Inject
    Clock clock;

    @POST
    @Path("evaluation")
    public ObjectNode evaluation(@PathParam("dir") String dir, JsonNode body) {
        UUID directoryId = directory(dir);
        ObjectNode request = object(body, "");
        AccessQuestion question = question(request, request, "");
        AccessDecision answer = decisions.decide(directoryId, List.of(question)).get(0);
        String id = UUID.randomUUID().toString();
        record(directoryId, List.of(question), List.of(resource(request, request)), List.of(answer), List.of(id));
        return decisionJson(answer, id);
    }

    @POST
    @Path("evaluations")
    public ObjectNode evaluations(@PathParam("dir") String dir, JsonNode body) {
        UUID directoryId = directory(dir);
        ObjectNode request = object(body, "");
        JsonNode items = request.get("evaluations");
        if (items == null || items.isNull() || (items.isArray() && items.isEmpty())) {
            // no evaluations: answered as the single evaluation request it then is
            return evaluation(dir, body);
        }
        if (!items.isArray()) {
            throw AdminProblemException.badField("/evaluations", "\"evaluations\" must be an array of objects");
        }
        if (items.size() > config.evaluationsMax()) {
            throw AdminProblemException.badField("/evaluations", "at most " + config.evaluationsMax()
                    + " evaluations per request");
        }
        String semantic = semantic(request);
        List<AccessQuestion> questions = new ArrayList<>();
        List<ObjectNode> resources = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = object(items.get(i), "/evaluations/" + i);
            questions.add(question(request, item, "/evaluations/" + i));
            resources.add(resource(request, item));
        }
        List<AccessDecision> answers = decisions.decide(directoryId, questions);
        ObjectNode out = mapper.createObjectNode();
        ArrayNode list = out.putArray("evaluations");
        List<String> ids = new ArrayList<>();
        for (AccessDecision answer : answers) {
            ids.add(UUID.randomUUID().toString());
            list.add(decisionJson(answer, ids.get(ids.size() - 1)));
            // the short-circuit semantics end the list at the decision that settles it
            if ((semantic.equals(DENY_ON_FIRST_DENY) && !answer.permit())
                    || (semantic.equals(PERMIT_ON_FIRST_PERMIT) && answer.permit())) {
                break;
            }
        }
        int answered = ids.size();
        record(directoryId, questions.subList(0, answered), resources.subList(0, answered), answers.subList(0, answered),
                ids);
        return out;
    }

    @POST
    @Path("search/subject")
    public ObjectNode searchSubject(@PathParam("dir") String dir, JsonNode body) {
        UUID directoryId = directory(dir);
        ObjectNode request = object(body, "");
        ObjectNode subject = requiredObject(request, "subject", "");
        String type = text(subject, "type", "/subject", true);
        String action = actionName(request, "");
        String audience = audience(request, "");
        int limit = pageLimit(request);
        String after = pageToken(request, "subject");
        ObjectNode out = mapper.createObjectNode();
        ArrayNode results = out.putArray("results");
        String next = "";
        if (type.equals("agent")) {
            UUID afterAgent = after == null ? null : AdminIds.parse(after).orElseThrow(AuthZenResource::badToken);
            List<DecisionPoint.PermittedAgent> found = decisions.searchSubjects(directoryId, action, audience, afterAgent,
                    limit + 1);
            for (DecisionPoint.PermittedAgent agent : found.subList(0, Math.min(limit, found.size()))) {
                ObjectNode r = results.addObject();
                r.put("type", "agent");
                r.put("id", agent.agentId().toString());
                ObjectNode properties = r.putObject("properties");
                ArrayNode delegations = properties.putArray("delegations");
                agent.delegations().forEach(d -> delegations.add(d.toString()));
                ArrayNode users = properties.putArray("on_behalf_of");
                agent.onBehalfOf().forEach(u -> users.addObject().put("type", "user").put("id", u.toString()));
            }
            if (found.size() > limit) {
                next = token("subject", found.get(limit - 1).agentId().toString());
            }
        }
        out.putObject("page").put("next_token", next);
        return out;
    }

    @POST
    @Path("search/action")
    public ObjectNode searchAction(@PathParam("dir") String dir, JsonNode body) {
        UUID directoryId = directory(dir);
        ObjectNode request = object(body, "");
        AccessQuestion question = subjectQuestion(request, request, "", null, resourceAudience(request, request, ""));
        int limit = pageLimit(request);
        String after = pageToken(request, "action");
        ObjectNode out = mapper.createObjectNode();
        ArrayNode results = out.putArray("results");
        String next = "";
        if (question.unanswerable() == null) {
            List<String> found = decisions.searchActions(directoryId, question, after, limit + 1);
            found.subList(0, Math.min(limit, found.size())).forEach(a -> results.addObject().put("name", a));
            if (found.size() > limit) {
                next = token("action", found.get(limit - 1));
            }
        }
        out.putObject("page").put("next_token", next);
        return out;
    }

    /**
     * AuthZEN resource search: the resources of the asked type the subject may do the action on.
     * Tether knows a resource by its audience, so the results are the audiences the directory
     * names on which an evaluation would permit, each as {@code {type, id: audience,
     * properties: {audience}}}, in audience order.
     */
    @POST
    @Path("search/resource")
    public ObjectNode searchResource(@PathParam("dir") String dir, JsonNode body) {
        UUID directoryId = directory(dir);
        ObjectNode request = object(body, "");
        ObjectNode resource = requiredObject(request, "resource", "");
        String type = text(resource, "type", "/resource", true);
        String action = actionName(request, "");
        AccessQuestion question = subjectQuestion(request, request, "", action, null);
        int limit = pageLimit(request);
        String after = pageToken(request, "resource");
        ObjectNode out = mapper.createObjectNode();
        ArrayNode results = out.putArray("results");
        String next = "";
        if (question.unanswerable() == null) {
            List<String> found = decisions.searchResources(directoryId, question, after, limit + 1);
            for (String audience : found.subList(0, Math.min(limit, found.size()))) {
                results.addObject().put("type", type).put("id", audience).putObject("properties")
                        .put("audience", audience);
            }
            if (found.size() > limit) {
                next = token("resource", found.get(limit - 1));
            }
        }
        out.putObject("page").put("next_token", next);
        return out;
    }

    // ---- reading AuthZEN's JSON

    /** The question of one evaluation: its own subject, action and resource, else the request's. */
    private AccessQuestion question(ObjectNode defaults, ObjectNode item, String at) {
        String action = actionName(item.has("action") ? item : defaults, item.has("action") ? at : "");
        return subjectQuestion(defaults, item, at, action, resourceAudience(defaults, item, at));
    }

    private String resourceAudience(ObjectNode defaults, ObjectNode item, String at) {
        return item.has("resource") ? audience(item, at) : audience(defaults, "");
    }

    private AccessQuestion subjectQuestion(ObjectNode defaults, ObjectNode item, String at, String action,
            String audience) {
        boolean own = item.has("subject");
        String where = own ? at : "";
        ObjectNode subject = requiredObject(own ? item : defaults, "subject", where);
        String type = text(subject, "type", where + "/subject", true);
        String id = text(subject, "id", where + "/subject", true);
        ObjectNode properties = optionalObject(subject, "properties", where + "/subject");
        UUID delegation = null;
        UUID credentialId = null;
        String credentialHandle = null;
        String unanswerable = null;
        if (properties != null) {
            String rawDelegation = text(properties, "delegation", where + "/subject/properties", false);
            if (rawDelegation != null) {
                delegation = AdminIds.parse(rawDelegation).orElse(null);
                unanswerable = delegation == null ? DenyReason.NO_DELEGATION : null;
            }
            ObjectNode credential = optionalObject(properties, "credential", where + "/subject/properties");
            if (credential != null) {
                String raw = text(credential, "id", where + "/subject/properties/credential", false);
                credentialHandle = text(credential, "externalId", where + "/subject/properties/credential", false);
                if (raw == null && credentialHandle == null) {
                    throw AdminProblemException.badField(where + "/subject/properties/credential",
                            "\"credential\" needs \"id\" or \"externalId\"");
                }
                if (raw != null) {
                    credentialId = AdminIds.parse(raw).orElse(null);
                    credentialHandle = null;
                    if (credentialId == null && unanswerable == null) {
                        unanswerable = DenyReason.CREDENTIAL_UNKNOWN;
                    }
                }
            }
        }
        UUID agent = null;
        switch (type) {
            case "agent" -> {
                agent = AdminIds.parse(id).orElse(null);
                if (agent == null) {
                    unanswerable = DenyReason.NO_DELEGATION;
                }
            }
            case "credential" -> {
                // the credential's handle is the subject's id; its agent is whoever it was issued to
                credentialId = null;
                credentialHandle = id;
            }
            default -> unanswerable = DenyReason.UNSUPPORTED_SUBJECT;
        }
        if (unanswerable != null) {
            return AccessQuestion.unanswerable(action, unanswerable);
        }
        return new AccessQuestion(agent, credentialId, credentialHandle, delegation, action, audience, null);
    }

    private String actionName(ObjectNode from, String at) {
        ObjectNode action = requiredObject(from, "action", at);
        return text(action, "name", at + "/action", true);
    }

    /** The resource's audience ({@code resource.properties.audience}); type and id are required by AuthZEN. */
    private String audience(ObjectNode from, String at) {
        ObjectNode resource = requiredObject(from, "resource", at);
        text(resource, "type", at + "/resource", true);
        text(resource, "id", at + "/resource", true);
        ObjectNode properties = optionalObject(resource, "properties", at + "/resource");
        return properties == null ? null : text(properties, "audience", at + "/resource/properties", false);
    }

    private String semantic(ObjectNode request) {
        ObjectNode options = optionalObject(request, "options", "");
        String semantic = options == null ? null : text(options, "evaluations_semantic", "/options", false);
        if (semantic == null) {
            return EXECUTE_ALL;
        }
        if (!List.of(EXECUTE_ALL, DENY_ON_FIRST_DENY, PERMIT_ON_FIRST_PERMIT).contains(semantic)) {
            throw AdminProblemException.badField("/options/evaluations_semantic", "\"evaluations_semantic\" must be "
                    + EXECUTE_ALL + ", " + DENY_ON_FIRST_DENY + " or " + PERMIT_ON_FIRST_PERMIT);
        }
        return semantic;
    }

    private int pageLimit(ObjectNode request) {
        ObjectNode page = optionalObject(request, "page", "");
        JsonNode limit = page == null ? null : page.get("limit");
        if (limit == null || limit.isNull()) {
            return DEFAULT_PAGE;
        }
        if (!limit.isIntegralNumber() || limit.asLong() < 1 || limit.asLong() > MAX_PAGE) {
            throw AdminProblemException.badField("/page/limit", "\"page.limit\" must be an integer from 1 to " + MAX_PAGE);
        }
        return limit.asInt();
    }

    /** The key a page token carries; a token of another search, or no token at all, is a 400. */
    private static String pageToken(ObjectNode request, String search) {
        JsonNode page = request.get("page");
        JsonNode token = page == null || !page.isObject() ? null : page.get("token");
        if (token == null || token.isNull() || (token.isTextual() && token.asText().isEmpty())) {
            return null;
        }
        if (!token.isTextual()) {
            throw badToken();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8);
            String prefix = search + "|";
            if (!text.startsWith(prefix)) {
                throw badToken();
            }
            return text.substring(prefix.length());
        } catch (IllegalArgumentException e) {
            throw badToken();
        }
    }

    private static String token(String search, String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((search + "|" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static AdminProblemException badToken() {
        return AdminProblemException.badField("/page/token", "\"page.token\" is not a token this search returned");
    }

    private static ObjectNode object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw at.isEmpty() ? AdminProblemException.badRequest(AdminErrorMapping.NOT_AN_OBJECT)
                    : AdminProblemException.badField(at, "each evaluation must be a JSON object");
        }
        return (ObjectNode) node;
    }

    // ---- writing answers

    /**
     * Puts the decisions on the action trail when the directory records them (docs/actions.md):
     * the question's agent or credential, the action asked, the resource as target, the decision
     * id, outcome success for a permit and denied for a deny.
     */
    private void record(UUID directoryId, List<AccessQuestion> questions, List<ObjectNode> resources,
            List<AccessDecision> answers, List<String> ids) {
        String mode = recording.mode(directoryId);
        if (DecisionRecording.OFF.equals(mode)) {
            return;
        }
        java.time.OffsetDateTime now = clock.now();
        List<ReportedAction> recorded = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            AccessQuestion q = questions.get(i);
            AccessDecision d = answers.get(i);
            if (!DecisionRecording.records(mode, d.permit()) || q.unanswerable() != null) {
                continue;
            }
            ObjectNode metadata = mapper.createObjectNode().put("kind", "decision")
                    .put("decision", d.permit() ? "permit" : "deny");
            if (d.reason() != null) {
                metadata.put("reason", d.reason());
            }
            ObjectNode resource = resources.get(i);
            recorded.add(new ReportedAction(q.agentId(), q.credentialId(), q.credentialExternalId(), q.audience(),
                    q.action(), resource.path("type").asText(), resource.path("id").asText(), null, now,
                    d.permit() ? "success" : "denied", ids.get(i), metadata));
        }
        trail.recordDecisions(directoryId, recorded, cause.get());
    }

    private static ObjectNode resource(ObjectNode defaults, ObjectNode item) {
        return (ObjectNode) (item.has("resource") ? item : defaults).get("resource");
    }

    private ObjectNode decisionJson(AccessDecision d, String id) {
        ObjectNode out = mapper.createObjectNode();
        out.put("decision", d.permit());
        ObjectNode context = out.putObject("context");
        context.put("id", id);
        if (d.permit()) {
            context.put("valid_until", d.validUntil().toInstant().toString());
        } else {
            context.put("reason", d.reason());
            context.putObject("reason_admin").put("en", DenyReason.describe(d));
            if (d.failedLink() != null) {
                context.putObject("failed_link").put("type", d.failedLinkType()).put("id", d.failedLink().toString());
            }
        }
        if (d.delegationId() != null) {
            context.put("delegation", d.delegationId().toString());
            ArrayNode chain = context.putArray("chain");
            d.chain().forEach(link -> chain.add(link.toString()));
        }
        if (d.rootUserId() != null) {
            context.putObject("on_behalf_of").put("type", "user").put("id", d.rootUserId().toString());
        }
        return out;
    }

    /** The caller's claim is checked before the directory is looked up: a refused caller learns nothing. */
    private UUID directory(String dir) {
        if (!claim.allows(dir)) {
            throw new ForbiddenException();
        }
        return lookup.idOr404(dir);
    }
}
