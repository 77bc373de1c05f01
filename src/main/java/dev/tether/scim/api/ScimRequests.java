package dev.tether.scim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.TetherConfig;
import dev.tether.scim.patch.DialectRule;
import dev.tether.security.RequestCause;
import dev.tether.security.ScimCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads what every SCIM request carries: its directory, base URL and JSON body. */
@ApplicationScoped
class ScimRequests {

    private final ObjectMapper mapper;
    private final TetherConfig config;
    private final ScimCaller caller;
    private final RequestCause cause;
    private final ScimProtocol protocol;

    ScimRequests(ObjectMapper mapper, TetherConfig config, ScimCaller caller, RequestCause cause, ScimProtocol protocol) {
        this.protocol = protocol;
        this.mapper = mapper;
        this.config = config;
        this.caller = caller;
        this.cause = cause;
    }

    ScimRequest of(UriInfo uri) {
        // The directory is the one the bearer token belongs to; the filter has already refused
        // any request whose path names another, so the two agree.
        UUID directory = caller.directoryId();
        // behind a proxy the request's own URI is not what clients use: prefer the configured one
        String base = config.publicBaseUrl().orElseGet(() -> uri.getBaseUri().toString());
        if (!base.endsWith("/")) {
            base = base + "/";
        }
        // read with the token, in the statement that authenticated it: no query of its own
        List<String> disabled = caller.disabledDialectRules();
        Set<DialectRule> dialect = disabled.isEmpty() ? DialectRule.ALL : DialectRule.allExcept(disabled);
        // the schema version too: the cached schemas serve unless an operator changed them since
        return new ScimRequest(directory, base + "scim/v2/" + directory, cause.get(), dialect,
                protocol.schemas(directory, caller.schemaVersion()), caller.ignoresUnknownAttributes());
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
