package dev.tether.scim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.StrictJson;
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

    /**
     * A request body as JSON, read strictly ({@link StrictJson}): one UTF-8 document, each member
     * name once; a NUL character or an unpaired surrogate anywhere in it is {@code invalidValue},
     * since no store could keep it.
     */
    JsonNode json(byte[] body) {
        JsonNode node = document(body);
        storable(node, "invalidValue");
        return node;
    }

    /** A SearchRequest body (RFC 7644 §3.4.3): unstorable text in its filter is {@code invalidFilter}. */
    JsonNode search(byte[] body) {
        JsonNode node = document(body);
        if (node.isObject()) {
            storable(node.get("filter"), "invalidFilter");
        }
        storable(node, "invalidValue");
        return node;
    }

    /** A request body read as strictly as {@link #json}, its strings left for the caller to check. */
    JsonNode document(byte[] body) {
        if (body == null || body.length == 0) {
            throw ScimException.badRequest("invalidSyntax", "The request has no body");
        }
        try {
            JsonNode node = StrictJson.reader(mapper).readTree(StrictJson.utf8(body));
            if (node == null || node.isMissingNode()) {
                throw ScimException.badRequest("invalidSyntax", "The request has no body");
            }
            return node;
        } catch (StrictJson.NotJson e) {
            throw ScimException.badRequest("invalidSyntax", "The request body " + e.getMessage().replaceFirst(
                    "^the request body ", ""));
        } catch (JsonProcessingException e) {
            throw ScimException.badRequest("invalidSyntax", "The request body is not one valid JSON document: "
                    + StrictJson.printable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ScimException.badRequest("invalidSyntax", "The request body could not be read");
        }
    }

    /** Refuses, as {@code scimType}, JSON holding text that PostgreSQL cannot store. */
    static void storable(JsonNode node, String scimType) {
        StrictJson.unstorableText(node).ifPresent(pointer -> {
            throw ScimException.badRequest(scimType, "The value at \"" + pointer
                    + "\" holds a NUL character or an unpaired surrogate, which cannot be stored");
        });
    }
}
