package dev.tether.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * AuthZEN PDP metadata. The decision point of directory D is identified as
 * {@code {base}/authzen/D}; its metadata lives where RFC 8414 would put it, the well-known segment
 * inserted before the identifier's path. Public, and built from the id alone without reading
 * the database, so it says nothing about which directories exist.
 */
@Path("/.well-known/authzen-configuration/authzen/{dir}")
@PermitAll
public class AuthZenMetadataResource {

    @Inject
    TetherConfig tether;

    @Inject
    ObjectMapper mapper;

    @Context
    UriInfo uriInfo;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode metadata(@PathParam("dir") String dir) {
        String id = AdminIds.parse(dir).orElseThrow(() -> AdminProblemException.notFound("no decision point " + dir))
                .toString();
        String pdp = baseUrl() + "/authzen/" + id;
        ObjectNode meta = mapper.createObjectNode();
        meta.put("policy_decision_point", pdp);
        meta.put("access_evaluation_endpoint", pdp + "/access/v1/evaluation");
        meta.put("access_evaluations_endpoint", pdp + "/access/v1/evaluations");
        meta.put("search_subject_endpoint", pdp + "/access/v1/search/subject");
        meta.put("search_action_endpoint", pdp + "/access/v1/search/action");
        meta.put("search_resource_endpoint", pdp + "/access/v1/search/resource");
        return meta;
    }

    private String baseUrl() {
        return PublicBaseUrl.of(tether, uriInfo.getBaseUri());
    }
}
