package dev.tether.scim.api;

import dev.tether.directory.ScimTraffic;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Hands every finished SCIM request to {@link ScimTraffic} (in memory; flushed in batches), so
 * the console can show each directory's latest request, its outcome and the IdP it came from,
 * refused ones (a wrong token: 401) included.
 */
public class ScimTrafficRecording {

    @Inject
    ScimTraffic traffic;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, RoutingContext routing) {
        String path = routing.request().path();
        if (path == null || !path.startsWith("/scim/v2/")) {
            return;
        }
        // "", "scim", "v2", directoryId, ...
        String[] segments = path.split("/", 5);
        if (segments.length < 4) {
            return;
        }
        UUID directoryId;
        try {
            directoryId = UUID.fromString(segments[3]);
        } catch (IllegalArgumentException notADirectory) {
            return;
        }
        traffic.record(directoryId, request.getMethod(), response.getStatus(), request.getHeaderString("User-Agent"));
    }
}
