package dev.tether.scim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.boot.TetherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.UUID;

/** Reads what every SCIM request carries: its directory, base URL and JSON body. */
@ApplicationScoped
class ScimRequests {

    private final ObjectMapper mapper;
    private final TetherConfig config;

    ScimRequests(ObjectMapper mapper, TetherConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    ScimRequest of(String directoryId, UriInfo uri) {
        UUID directory = UUID.fromString(directoryId); // the authentication filter already accepted it
        // behind a proxy the request's own URI is not what clients use: prefer the configured one
        String base = config.publicBaseUrl().orElseGet(() -> uri.getBaseUri().toString());
        if (!base.endsWith("/")) {
            base = base + "/";
        }
        return new ScimRequest(directory, base + "scim/v2/" + directory, UUID.randomUUID());
    }

    JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            throw ScimException.badRequest("invalidSyntax", "The request has no body");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ScimException.badRequest("invalidSyntax", "The request has no body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ScimException.badRequest("invalidSyntax", "The request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ScimException.badRequest("invalidSyntax", "The request body could not be read");
        }
    }
}
