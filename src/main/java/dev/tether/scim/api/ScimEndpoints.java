package dev.tether.scim.api;

import dev.tether.platform.ScimLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * HTTP binding of the resource endpoints: /Users and /Groups with their /.search. The bearer
 * token has already been checked against {directoryId} by the SCIM authentication filter.
 * Bodies are read as bytes and parsed here, so any content type (scim+json, json or none)
 * is accepted and bad JSON becomes a SCIM invalidSyntax error.
 */
@Path("/scim/v2/{directoryId}/{endpoint: Users|Groups|Agents}")
@Consumes(MediaType.WILDCARD)
public class ScimEndpoints {

    private final ResourceEndpoints endpoints;
    private final ScimRequests requests;
    private final ObjectMapper mapper;
    private final ScimLimits limits;

    ScimEndpoints(ResourceEndpoints endpoints, ScimRequests requests, ObjectMapper mapper, ScimLimits limits) {
        this.endpoints = endpoints;
        this.requests = requests;
        this.mapper = mapper;
        this.limits = limits;
    }

    @POST
    public Response create(@PathParam("endpoint") String endpoint,
            @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded,
            @Context UriInfo uri, byte[] body) {
        ScimRequest request = requests.of(uri);
        return respond(ops(endpoint).create(request, requests.json(body), RequestedAttributes.of(attributes, excluded)));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("endpoint") String endpoint,
            @PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        ScimResult result = ops(endpoint).get(request, id, RequestedAttributes.of(attributes, excluded));
        if (ETags.ifNoneMatchHits(ifNoneMatch, result.version())) {
            return Response.notModified().header(HttpHeaders.ETAG, ETags.of(result.version())).build();
        }
        return respond(result);
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("endpoint") String endpoint,
            @PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context UriInfo uri, byte[] body) {
        ScimRequest request = requests.of(uri);
        return respond(ops(endpoint).replace(request, id, requests.json(body), ETags.ifMatch(ifMatch),
                RequestedAttributes.of(attributes, excluded)));
    }

    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("endpoint") String endpoint,
            @PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context UriInfo uri, byte[] body) {
        ScimRequest request = requests.of(uri);
        return respond(ops(endpoint).patch(request, id, requests.json(body), ETags.ifMatch(ifMatch),
                RequestedAttributes.of(attributes, excluded)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("endpoint") String endpoint,
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        ops(endpoint).delete(request, id, ETags.ifMatch(ifMatch));
        return Response.noContent().build();
    }

    @GET
    public Response list(@PathParam("endpoint") String endpoint,
            @QueryParam("filter") String filter, @QueryParam("sortBy") String sortBy,
            @QueryParam("sortOrder") String sortOrder, @QueryParam("startIndex") String startIndex,
            @QueryParam("count") String count, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded, @Context UriInfo uri) {
        ScimRequest request = requests.of(uri);
        ListRequest list = ListRequest.fromQuery(filter, sortBy, sortOrder, startIndex, count, attributes, excluded);
        return listResponse(ops(endpoint), request, list);
    }

    /** RFC 7644 §3.4.3: searching with POST keeps filters (and personal data) out of URLs and logs. */
    @POST
    @Path(".search")
    public Response search(@PathParam("endpoint") String endpoint,
            @Context UriInfo uri, byte[] body) {
        ScimRequest request = requests.of(uri);
        return listResponse(ops(endpoint), request, ListRequest.fromSearchBody(requests.search(body)));
    }

    private Response listResponse(ResourceOperations ops, ScimRequest request, ListRequest list) {
        int limit = list.count() == null ? limits.maxPageSize() : Math.min(list.count(), limits.maxPageSize());
        ListPage page = ops.list(request, list, list.startIndex() - 1, limit);
        return ScimResponses.json(mapper, 200, ListResponses.body(mapper, page, list.startIndex())).build();
    }

    private ResourceOperations ops(String endpoint) {
        return endpoints.get(endpoint);
    }

    private Response respond(ScimResult result) {
        Response.ResponseBuilder builder = ScimResponses.json(mapper, result.status(), result.body());
        if (result.version() != null) {
            builder.header(HttpHeaders.ETAG, ETags.of(result.version()));
        }
        if (result.status() == 201 && result.location() != null) {
            builder.header(HttpHeaders.LOCATION, result.location());
        }
        return builder.build();
    }
}
