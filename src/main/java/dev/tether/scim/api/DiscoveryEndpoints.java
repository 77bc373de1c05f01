package dev.tether.scim.api;

import dev.tether.platform.ScimLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.schema.SchemaRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 7644 §4 discovery: what this server does, described from the same limits and schema
 * documents that the rest of the server enforces.
 */
@Path("/scim/v2/{directoryId}")
public class DiscoveryEndpoints {

    private final ScimRequests requests;
    private final ScimProtocol protocol;
    private final ScimLimits limits;
    private final ObjectMapper mapper;

    /** Tether's extension of /ServiceProviderConfig that advertises its input limits. */
    static final String LIMITS_URN = "urn:tether:params:scim:schemas:extension:2.0:Limits";

    DiscoveryEndpoints(ScimRequests requests, ScimProtocol protocol, ScimLimits limits, ObjectMapper mapper) {
        this.requests = requests;
        this.protocol = protocol;
        this.limits = limits;
        this.mapper = mapper;
    }

    @GET
    @Path("ServiceProviderConfig")
    public Response serviceProviderConfig(@Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        ObjectNode body = mapper.createObjectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig").add(LIMITS_URN);
        body.putObject("patch").put("supported", true);
        ObjectNode bulk = body.putObject("bulk");
        bulk.put("supported", true);
        bulk.put("maxOperations", limits.bulkMaxOperations());
        bulk.put("maxPayloadSize", limits.bulkMaxPayloadBytes());
        ObjectNode filter = body.putObject("filter");
        filter.put("supported", true);
        filter.put("maxResults", limits.maxPageSize());
        // limits RFC 7643 §5 has no attribute for: what a client must stay within to get no 400
        ObjectNode inputLimits = body.putObject(LIMITS_URN);
        inputLimits.put("maxStringLength", limits.maxStringLength());
        inputLimits.put("maxIndexedValueBytes", ScimLimits.INDEXED_VALUE_MAX_BYTES);
        inputLimits.put("filterMaxLength", limits.filterMaxLength());
        inputLimits.put("filterMaxDepth", limits.filterMaxDepth());
        body.putObject("changePassword").put("supported", false);
        body.putObject("sort").put("supported", true);
        body.putObject("etag").put("supported", true);
        // draft-abbey-scim-agent-extension §3.1: clients look here before using /Agents. Tether
        // serves the Agent resource type, not AgenticApplication.
        ObjectNode agentExtension = body.putObject("agentExtension");
        agentExtension.put("supported", true);
        agentExtension.put("agentsSupported", true);
        agentExtension.put("agenticApplicationsSupported", false);
        ArrayNode schemes = body.putArray("authenticationSchemes");
        ObjectNode bearer = schemes.addObject();
        bearer.put("type", "oauthbearertoken");
        bearer.put("name", "Bearer token");
        bearer.put("description", "A directory's SCIM bearer token, issued by an operator through the admin API "
                + "(Authorization: Bearer <token>). Each token works for its own directory only.");
        bearer.put("specUri", "https://www.rfc-editor.org/rfc/rfc6750");
        bearer.put("primary", true);
        body.set("meta", meta("ServiceProviderConfig", request.baseUrl() + "/ServiceProviderConfig"));
        return ScimResponses.json(mapper, 200, body).build();
    }

    @GET
    @Path("ResourceTypes")
    public Response resourceTypes(@Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        return listOf(request.schemas().registry().resourceTypeDocuments(), "ResourceType", "/ResourceTypes/", request);
    }

    @GET
    @Path("ResourceTypes/{name}")
    public Response resourceType(@PathParam("name") String name,
            @Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        return one(request.schemas().registry().resourceTypeDocument(name), name, "ResourceType", "/ResourceTypes/",
                request);
    }

    @GET
    @Path("Schemas")
    public Response schemas(@Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        return listOf(request.schemas().registry().schemaDocuments(), "Schema", "/Schemas/", request);
    }

    @GET
    @Path("Schemas/{urn}")
    public Response schema(@PathParam("urn") String urn,
            @Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        return one(request.schemas().registry().schemaDocument(urn), urn, "Schema", "/Schemas/", request);
    }

    private Response listOf(List<ObjectNode> docs, String resourceType, String endpoint, ScimRequest request) {
        List<ObjectNode> all = new ArrayList<>();
        for (ObjectNode doc : docs) {
            all.add(withMeta(doc, resourceType, request.baseUrl() + endpoint + doc.path("id").asText()));
        }
        return ScimResponses.json(mapper, 200, ListResponses.body(mapper, all.size(), 1, all)).build();
    }

    private Response one(Optional<ObjectNode> found, String name, String resourceType, String endpoint,
            ScimRequest request) {
        ObjectNode doc = found.orElseThrow(() -> ScimException.notFound(resourceType, name));
        return ScimResponses.json(mapper, 200,
                withMeta(doc, resourceType, request.baseUrl() + endpoint + doc.path("id").asText())).build();
    }

    private ObjectNode withMeta(ObjectNode doc, String resourceType, String location) {
        doc.set("meta", meta(resourceType, location));
        return doc;
    }

    private ObjectNode meta(String resourceType, String location) {
        ObjectNode meta = mapper.createObjectNode();
        meta.put("resourceType", resourceType);
        meta.put("location", location);
        return meta;
    }
}
