package dev.tether.scim.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.ScimLimits;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 7644 §3.4.3 search at the server root: the same query over every resource type, users
 * first, then groups, then agents, paged as one list. A filter naming an attribute that one type does not
 * have treats it as unassigned there (RFC 7644 §3.4.2.2), as it does everywhere. {@code sortBy}
 * orders within each type.
 */
@Path("/scim/v2/{directoryId}/.search")
@Consumes(MediaType.WILDCARD)
public class RootSearchEndpoint {

    private final List<ResourceOperations> types;
    private final ScimRequests requests;
    private final ScimLimits limits;
    private final ObjectMapper mapper;

    RootSearchEndpoint(ResourceEndpoints endpoints, ScimRequests requests, ScimLimits limits, ObjectMapper mapper) {
        this.types = endpoints.all();
        this.requests = requests;
        this.limits = limits;
        this.mapper = mapper;
    }

    @POST
    public Response search(@Context UriInfo uri, byte[] body) {
        ScimRequest request = requests.of(uri);
        ListRequest list = ListRequest.fromSearchBody(requests.search(body));
        int limit = list.count() == null ? limits.maxPageSize() : Math.min(list.count(), limits.maxPageSize());
        long skip = list.startIndex() - 1L;
        long total = 0;
        List<ObjectNode> resources = new ArrayList<>();
        for (ResourceOperations type : types) {
            long count = type.count(request, list);
            total += count;
            if (skip >= count) {
                skip -= count;
                continue;
            }
            int room = limit - resources.size();
            if (room > 0) {
                resources.addAll(type.list(request, list, (int) skip, room).resources());
            }
            skip = 0;
        }
        return ScimResponses.json(mapper, 200, ListResponses.body(mapper, total, list.startIndex(), resources)).build();
    }
}
