package dev.tether.scim.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** RFC 7644 §3.4.2 ListResponse bodies. */
final class ListResponses {

    private ListResponses() {
    }

    static ObjectNode body(ObjectMapper mapper, ListPage page, int startIndex) {
        return body(mapper, page.totalResults(), startIndex, page.resources());
    }

    static ObjectNode body(ObjectMapper mapper, long totalResults, int startIndex, List<ObjectNode> resources) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("schemas").add(ScimMediaType.LIST_RESPONSE_URN);
        body.put("totalResults", totalResults);
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", resources.size());
        ArrayNode array = body.putArray("Resources");
        resources.forEach(array::add);
        return body;
    }
}
