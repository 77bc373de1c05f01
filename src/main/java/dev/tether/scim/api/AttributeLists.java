package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.Projection;
import java.util.ArrayList;
import java.util.List;

/** The {@code attributes} and {@code excludedAttributes} lists, from a query string or a body. */
final class AttributeLists {

    private AttributeLists() {
    }

    static List<AttributePath> parse(String commaSeparated) {
        return Projection.parseList(commaSeparated);
    }

    /** In a SearchRequest body the lists are JSON arrays of strings (a comma string is tolerated). */
    static List<AttributePath> parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return parse(node.asText());
        }
        if (!node.isArray()) {
            throw ScimException.badRequest("invalidValue", "attributes must be an array of attribute names");
        }
        List<AttributePath> out = new ArrayList<>();
        for (JsonNode n : node) {
            out.addAll(parse(n.asText()));
        }
        return out;
    }
}
