package dev.tether.scim.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * RFC 7644 §3.1 and §3.8: SCIM bodies are {@code application/scim+json}, and servers accept
 * {@code application/json} too. A body labelled as anything else (text/plain, a form) is 415
 * before it is read; a request without a Content-Type is still read as JSON, as IdPs have always
 * been served. A charset parameter means nothing for JSON (RFC 8259 §11): the body is UTF-8 or
 * it is refused when read ({@link ScimRequests#document}).
 */
public class ScimBodyTypes {

    @ServerRequestFilter
    public void refuseOtherBodies(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !request.getUriInfo().getPath().startsWith("/scim/")) {
            return;
        }
        // application/octet-stream is what HTTP clients send when their caller named no type
        // (RFC 9110 §8.3 lets a recipient read a missing type so): read like a missing one
        boolean json = type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("scim+json") || type.getSubtype().equalsIgnoreCase("json")
                || type.getSubtype().equalsIgnoreCase("octet-stream"));
        if (!json) {
            throw new ScimException(415, null, "A SCIM request body is application/scim+json (or application/json), not "
                    + type.getType() + "/" + type.getSubtype());
        }
    }
}
