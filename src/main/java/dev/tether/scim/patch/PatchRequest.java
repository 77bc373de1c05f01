package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.scim.filter.FilterLimits;
import dev.tether.scim.filter.FilterParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the body of a PATCH request (RFC 7644 §3.5.2) into operations. */
public final class PatchRequest {

    public static final String PATCH_OP_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static final FilterParser DEFAULT_FILTERS = new FilterParser(FilterLimits.DEFAULT);

    private PatchRequest() {
    }

    /** {@link #parse(JsonNode, FilterParser, Set)} with default filter limits and every dialect rule on. */
    public static List<PatchOperation> parse(JsonNode body) {
        return parse(body, DEFAULT_FILTERS, DialectRule.ALL);
    }

    /**
     * Parses a PatchOp message. {@code schemas} must name the PatchOp URN when present; a body
     * without {@code schemas} is accepted, because Entra and Okta always send it and the few
     * clients that omit it mean nothing else. Member names ("Operations", "op", ...) are matched
     * case-insensitively like every SCIM attribute name. Paths are checked for syntax here so
     * that a bad path fails before anything is looked up; value filters in paths are read with
     * {@code filters}. The op name is read in any case only under
     * {@link DialectRule#CAPITALISED_OPS}.
     *
     * @throws PatchException invalidSyntax, invalidPath or noTarget
     */
    public static List<PatchOperation> parse(JsonNode body, FilterParser filters, Set<DialectRule> rules) {
        if (body == null || !body.isObject()) {
            throw PatchException.invalidSyntax("PATCH body must be a JSON object");
        }
        JsonNode schemas = member(body, "schemas");
        if (schemas != null && !schemas.isNull()) {
            if (!schemas.isArray() || !containsText(schemas, PATCH_OP_URN)) {
                throw PatchException.invalidSyntax("schemas must contain \"" + PATCH_OP_URN + "\"");
            }
        }
        JsonNode operations = member(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw PatchException.invalidSyntax("Operations must be a non-empty array");
        }
        List<PatchOperation> ops = new ArrayList<>(operations.size());
        int index = 0;
        for (JsonNode element : operations) {
            index++;
            try {
                ops.add(operation(element, filters, rules));
            } catch (PatchException e) {
                throw e.inOperation(index);
            }
        }
        return ops;
    }

    private static PatchOperation operation(JsonNode element, FilterParser filters, Set<DialectRule> rules) {
        if (!element.isObject()) {
            throw PatchException.invalidSyntax("each operation must be a JSON object");
        }
        JsonNode opNode = member(element, "op");
        if (opNode == null || !opNode.isTextual()) {
            throw PatchException.invalidSyntax("\"op\" is required and must be a string");
        }
        PatchOperation.Op op = PatchOperation.Op.fromWire(opNode.asText(),
                rules.contains(DialectRule.CAPITALISED_OPS));
        PatchPath path = null;
        JsonNode pathNode = member(element, "path");
        if (pathNode != null && !pathNode.isNull()) {
            if (!pathNode.isTextual()) {
                throw PatchException.invalidPath("\"path\" must be a string");
            }
            // A blank path is sent by some clients for "no path"; treat it as absent.
            if (!pathNode.asText().isBlank()) {
                path = PatchPath.parse(pathNode.asText().strip(), filters);
            }
        }
        JsonNode value = member(element, "value");
        if (op == PatchOperation.Op.REMOVE && path == null) {
            throw PatchException.noTarget("remove requires a path");
        }
        if (op != PatchOperation.Op.REMOVE && value == null) {
            throw PatchException.invalidSyntax(op.wireName() + " requires a \"value\"");
        }
        return new PatchOperation(op, path, value);
    }

    private static JsonNode member(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (n.isTextual() && n.asText().equalsIgnoreCase(text)) {
                return true;
            }
        }
        return false;
    }
}
