package dev.tether.scim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;

/**
 * Builds SCIM responses. Bodies are serialised here rather than by a JAX-RS provider so the
 * media type is always {@code application/scim+json}, whatever the client's Accept header.
 */
final class ScimResponses {

    private ScimResponses() {
    }

    static Response.ResponseBuilder json(ObjectMapper mapper, int status, JsonNode body) {
        try {
            return Response.status(status).entity(mapper.writeValueAsBytes(body)).type(ScimMediaType.SCIM_JSON_UTF8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    static ObjectNode errorBody(ObjectMapper mapper, int status, String scimType, String detail) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("schemas").add(ScimMediaType.ERROR_URN);
        // RFC 7644 §3.12: status is a string
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    static Response error(ObjectMapper mapper, int status, String scimType, String detail) {
        return json(mapper, status, errorBody(mapper, status, scimType, detail)).build();
    }
}
