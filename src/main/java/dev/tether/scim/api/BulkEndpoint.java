package dev.tether.scim.api;

import dev.tether.platform.ScimLimits;
import dev.tether.platform.UnexpectedFailures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * RFC 7644 §3.7 Bulk. Operations run one by one, each in its own transaction as a single
 * request would; an operation that refers to another's {@code bulkId} waits until that one
 * has created its resource, so clients need not order them. Operations that can never run
 * because their references form a cycle fail with 409.
 */
@Path("/scim/v2/{directoryId}/Bulk")
@Consumes(MediaType.WILDCARD)
public class BulkEndpoint {

    private static final Logger LOG = Logger.getLogger(BulkEndpoint.class);
    private static final Pattern BULK_ID_REF = Pattern.compile("^bulkId:(.+)$");
    private static final Pattern PATH = Pattern.compile("^/?(Users|Groups|Agents)(?:/([^/]+))?$");

    private final ResourceEndpoints endpoints;
    private final ScimRequests requests;
    private final ScimLimits limits;
    private final ObjectMapper mapper;

    BulkEndpoint(ResourceEndpoints endpoints, ScimRequests requests, ScimLimits limits, ObjectMapper mapper) {
        this.endpoints = endpoints;
        this.requests = requests;
        this.limits = limits;
        this.mapper = mapper;
    }

    /** One operation of the request, with the bulkIds it refers to. */
    private record Operation(int index, String method, String bulkId, String version, String path, JsonNode data,
            Set<String> references) {
    }

    @POST
    public Response bulk(@Context UriInfo uri, byte[] body) {
        if (body != null && body.length > limits.bulkMaxPayloadBytes()) {
            throw new ScimException(413, null, "The Bulk request is " + body.length
                    + " bytes; the maximum is " + limits.bulkMaxPayloadBytes());
        }
        ScimRequest request = requests.of(uri);
        JsonNode root = requests.document(body);
        ScimRequests.storable(withoutData(root), "invalidValue");
        if (!root.isObject() || !root.path("Operations").isArray()) {
            throw ScimException.badRequest("invalidSyntax", "A BulkRequest needs an \"Operations\" array");
        }
        checkSchemas(root);
        JsonNode ops = root.get("Operations");
        if (ops.size() > limits.bulkMaxOperations()) {
            throw new ScimException(413, null, "The Bulk request has " + ops.size()
                    + " operations; the maximum is " + limits.bulkMaxOperations());
        }
        int failOnErrors = failOnErrors(root.get("failOnErrors"));
        List<Operation> pending = parse(ops);

        Map<String, UUID> created = new HashMap<>();
        Set<String> failedBulkIds = new HashSet<>();
        Set<String> declared = new HashSet<>();
        pending.forEach(o -> {
            if (o.bulkId() != null) {
                declared.add(o.bulkId());
            }
        });
        ObjectNode[] results = new ObjectNode[pending.size()];
        int errors = 0;
        boolean progress = true;
        outer:
        while (!pending.isEmpty() && progress) {
            progress = false;
            List<Operation> waiting = new ArrayList<>();
            for (Operation op : pending) {
                String blocked = firstUnresolved(op, created);
                if (blocked != null && declared.contains(blocked) && !failedBulkIds.contains(blocked)) {
                    waiting.add(op);
                    continue;
                }
                progress = true;
                ObjectNode result = blocked == null
                        ? execute(request, op, created)
                        : failure(op, ScimException.conflict(null, "bulkId:" + blocked
                                + (declared.contains(blocked) ? " refers to an operation that failed"
                                : " is not defined in this request")));
                results[op.index()] = result;
                if (isError(result)) {
                    errors++;
                    if (op.bulkId() != null) {
                        failedBulkIds.add(op.bulkId());
                    }
                    if (failOnErrors > 0 && errors >= failOnErrors) {
                        break outer;
                    }
                } else if (op.bulkId() != null && "POST".equals(op.method())) {
                    created.put(op.bulkId(), UUID.fromString(result.path("location").asText().replaceAll(".*/", "")));
                }
            }
            pending = waiting;
        }
        if (failOnErrors == 0 || errors < failOnErrors) {
            for (Operation op : pending) {
                results[op.index()] = failure(op, ScimException.conflict(null,
                        "Circular bulkId references: the operation waits on a resource that waits on it"));
            }
        }
        ObjectNode response = mapper.createObjectNode();
        response.putArray("schemas").add(ScimMediaType.BULK_RESPONSE_URN);
        ArrayNode out = response.putArray("Operations");
        for (ObjectNode r : results) {
            if (r != null) {
                out.add(r);
            }
        }
        return ScimResponses.json(mapper, 200, response).build();
    }

    /** The request with every operation's data left out: what must be storable for the request to run at all. */
    private static JsonNode withoutData(JsonNode root) {
        JsonNode copy = root.deepCopy();
        for (JsonNode op : copy.path("Operations")) {
            if (op instanceof ObjectNode o) {
                o.remove("data");
            }
        }
        return copy;
    }

    private void checkSchemas(JsonNode root) {
        JsonNode schemas = root.get("schemas");
        if (schemas != null) {
            for (JsonNode s : schemas) {
                if (s.asText().equalsIgnoreCase(ScimMediaType.BULK_REQUEST_URN)) {
                    return;
                }
            }
            throw ScimException.badRequest("invalidSyntax", "schemas must contain " + ScimMediaType.BULK_REQUEST_URN);
        }
    }

    private static int failOnErrors(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || node.intValue() < 1) {
            throw ScimException.badRequest("invalidValue", "failOnErrors must be a positive integer");
        }
        return node.intValue();
    }

    private List<Operation> parse(JsonNode ops) {
        List<Operation> out = new ArrayList<>();
        Set<String> bulkIds = new HashSet<>();
        int i = 0;
        for (JsonNode op : ops) {
            String method = op.path("method").asText("").toUpperCase(java.util.Locale.ROOT);
            if (!Set.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
                throw ScimException.badRequest("invalidSyntax", "Operation " + i
                        + ": method must be POST, PUT, PATCH or DELETE");
            }
            String path = op.path("path").asText(null);
            if (path == null) {
                throw ScimException.badRequest("invalidSyntax", "Operation " + i + ": path is required");
            }
            String bulkId = op.hasNonNull("bulkId") ? op.get("bulkId").asText() : null;
            if ("POST".equals(method) && bulkId == null) {
                throw ScimException.badRequest("invalidSyntax", "Operation " + i + ": POST requires a bulkId");
            }
            if (bulkId != null && !bulkIds.add(bulkId)) {
                throw ScimException.badRequest("invalidSyntax", "bulkId " + bulkId + " is used twice");
            }
            Set<String> refs = new LinkedHashSet<>();
            collectReferences(new TextNode(path.replaceAll("^.*/", "")), refs);
            collectReferences(op.get("data"), refs);
            out.add(new Operation(i++, method, bulkId, op.hasNonNull("version") ? op.get("version").asText() : null,
                    path, op.get("data"), refs));
        }
        return out;
    }

    private static void collectReferences(JsonNode node, Set<String> refs) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            Matcher m = BULK_ID_REF.matcher(node.asText());
            if (m.matches()) {
                refs.add(m.group(1));
            }
        }
        for (JsonNode child : node) {
            collectReferences(child, refs);
        }
    }

    private static String firstUnresolved(Operation op, Map<String, UUID> created) {
        for (String ref : op.references()) {
            if (!created.containsKey(ref)) {
                return ref;
            }
        }
        return null;
    }

    private ObjectNode execute(ScimRequest request, Operation op, Map<String, UUID> created) {
        try {
            Matcher m = PATH.matcher(substitute(new TextNode(op.path()), created).asText());
            if (!m.matches()) {
                throw ScimException.badRequest("invalidPath", "Bulk path must be /Users, /Groups, /Agents or /{type}/{id}: "
                        + op.path());
            }
            ResourceOperations ops = endpoints.get(m.group(1));
            String id = m.group(2);
            // each operation's data is checked as its own request's body would be: it fails alone
            ScimRequests.storable(op.data(), "invalidValue");
            JsonNode data = substitute(op.data(), created);
            LongPredicate ifMatch = ETags.ifMatch(op.version());
            if (!"POST".equals(op.method()) && id == null) {
                throw ScimException.badRequest("invalidPath", op.method() + " needs a resource id in its path");
            }
            if ("POST".equals(op.method()) && id != null) {
                throw ScimException.badRequest("invalidPath", "POST takes a resource type path, not a resource");
            }
            ScimResult result = switch (op.method()) {
                case "POST" -> ops.create(request, requireData(data), RequestedAttributes.DEFAULT);
                case "PUT" -> ops.replace(request, id, requireData(data), ifMatch, RequestedAttributes.DEFAULT);
                case "PATCH" -> ops.patch(request, id, requireData(data), ifMatch, RequestedAttributes.DEFAULT);
                default -> ops.delete(request, id, ifMatch);
            };
            return success(op, result, id == null ? result.location() : request.baseUrl() + "/" + m.group(1) + "/" + id);
        } catch (RuntimeException e) {
            ScimException error = ScimErrorMapping.asScimError(e);
            if (error == null && UnexpectedFailures.databaseUnavailable(e)) {
                LOG.warn("Bulk operation found the database unavailable", UnexpectedFailures.redacted(e));
                error = new ScimException(503, null, "The directory store is unavailable; retry after "
                        + UnexpectedFailures.RETRY_AFTER_SECONDS + " seconds");
            } else if (error == null) {
                // the failure's messages may quote the operation's values: log its types and frames only
                LOG.error("Bulk operation failed unexpectedly", UnexpectedFailures.redacted(e));
                error = new ScimException(500, null, "The operation failed inside the server");
            }
            return failure(op, error);
        }
    }

    private static JsonNode requireData(JsonNode data) {
        if (data == null || data.isNull()) {
            throw ScimException.badRequest("invalidSyntax", "The operation has no data");
        }
        return data;
    }

    /** Replaces every "bulkId:x" string with the id the operation x created. */
    private JsonNode substitute(JsonNode node, Map<String, UUID> created) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            Matcher m = BULK_ID_REF.matcher(node.asText());
            if (m.matches() && created.containsKey(m.group(1))) {
                return new TextNode(created.get(m.group(1)).toString());
            }
            String text = node.asText();
            int slash = text.lastIndexOf('/');
            if (slash >= 0) {
                Matcher tail = BULK_ID_REF.matcher(text.substring(slash + 1));
                if (tail.matches() && created.containsKey(tail.group(1))) {
                    return new TextNode(text.substring(0, slash + 1) + created.get(tail.group(1)));
                }
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode copy = mapper.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), created)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = mapper.createArrayNode();
            node.forEach(child -> copy.add(substitute(child, created)));
            return copy;
        }
        return node;
    }

    private ObjectNode success(Operation op, ScimResult result, String location) {
        ObjectNode out = mapper.createObjectNode();
        out.put("method", op.method());
        if (op.bulkId() != null) {
            out.put("bulkId", op.bulkId());
        }
        if (result.version() != null) {
            out.put("version", ETags.of(result.version()));
        }
        if (location != null) {
            out.put("location", location);
        }
        out.put("status", Integer.toString(result.status()));
        return out;
    }

    private ObjectNode failure(Operation op, ScimException error) {
        ObjectNode out = mapper.createObjectNode();
        out.put("method", op.method());
        if (op.bulkId() != null) {
            out.put("bulkId", op.bulkId());
        }
        out.put("status", Integer.toString(error.status()));
        out.set("response", ScimResponses.errorBody(mapper, error.status(), error.scimType(), error.detail()));
        return out;
    }

    private static boolean isError(ObjectNode result) {
        return Integer.parseInt(result.path("status").asText("500")) >= 400;
    }
}
