package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.scim.schema.AttributePath;
import java.util.List;

/**
 * The parameters of a list or search request (RFC 7644 §3.4.2, §3.4.3), from the query
 * string or a SearchRequest body.
 *
 * @param startIndex 1-based, already clamped to at least 1
 * @param count      null when the client gave none
 */
record ListRequest(String filter, String sortBy, boolean descending, int startIndex, Integer count,
        List<AttributePath> attributes, List<AttributePath> excludedAttributes) {

    static ListRequest fromQuery(String filter, String sortBy, String sortOrder, String startIndex, String count,
            String attributes, String excludedAttributes) {
        return new ListRequest(blankToNull(filter), blankToNull(sortBy), descending(sortOrder),
                startIndex(parseInt(startIndex, "startIndex")), count(parseInt(count, "count")),
                AttributeLists.parse(attributes), AttributeLists.parse(excludedAttributes));
    }

    /** Reads a SearchRequest body (RFC 7644 §3.4.3). */
    static ListRequest fromSearchBody(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest("invalidSyntax", "A SearchRequest must be a JSON object");
        }
        JsonNode schemas = body.get("schemas");
        if (schemas != null && !containsText(schemas, ScimMediaType.SEARCH_REQUEST_URN)) {
            throw ScimException.badRequest("invalidSyntax",
                    "schemas must contain " + ScimMediaType.SEARCH_REQUEST_URN);
        }
        return new ListRequest(
                blankToNull(text(body, "filter")),
                blankToNull(text(body, "sortBy")),
                descending(text(body, "sortOrder")),
                startIndex(intField(body, "startIndex")),
                count(intField(body, "count")),
                AttributeLists.parse(body.get("attributes")),
                AttributeLists.parse(body.get("excludedAttributes")));
    }

    private static boolean descending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank() || sortOrder.equalsIgnoreCase("ascending")) {
            return false;
        }
        if (sortOrder.equalsIgnoreCase("descending")) {
            return true;
        }
        throw ScimException.badRequest("invalidValue", "sortOrder must be \"ascending\" or \"descending\"");
    }

    /** RFC 7644 §3.4.2.4: a startIndex below 1 is interpreted as 1. */
    private static int startIndex(Integer value) {
        return value == null || value < 1 ? 1 : value;
    }

    /** RFC 7644 §3.4.2.4: a negative count is interpreted as 0. */
    private static Integer count(Integer value) {
        return value == null ? null : Math.max(0, value);
    }

    private static Integer parseInt(String s, String name) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw ScimException.badRequest("invalidValue", name + " must be an integer");
        }
    }

    private static Integer intField(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            // intValue() of a larger number wraps around: refuse it rather than page somewhere else
            if (!n.canConvertToInt()) {
                throw ScimException.badRequest("invalidValue", name + " must be an integer between "
                        + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
            }
            return n.intValue();
        }
        if (n.isTextual()) {
            return parseInt(n.asText(), name);
        }
        throw ScimException.badRequest("invalidValue", name + " must be an integer");
    }

    private static String text(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ScimException.badRequest("invalidValue", name + " must be a string");
        }
        return n.asText();
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
