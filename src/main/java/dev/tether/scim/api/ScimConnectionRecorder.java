package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.directory.ConnectionActivity;
import dev.tether.directory.ScimRequestOutcome;
import dev.tether.platform.Clock;
import dev.tether.security.ScimCaller;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Notes how each SCIM request of a directory ended, for its connection health and the setup
 * page: authenticated requests, and requests refused for a wrong token on the URL of a
 * directory that exists. Requests to ids that name no directory are not noted.
 */
public class ScimConnectionRecorder {

    @Inject
    ConnectionActivity activity;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    /** After {@link ScimErrorMapping} has given bodiless errors their SCIM body (response filters run high to low). */
    @ServerResponseFilter(priority = Priorities.USER - 100)
    public void record(ContainerRequestContext request, ContainerResponseContext response, RoutingContext routing) {
        String path = routing.request().path();
        if (path == null || !path.startsWith("/scim/")) {
            return;
        }
        Optional<UUID> directory = ScimCaller.authenticatedDirectory(routing).or(() -> ScimCaller.refusedDirectory(routing));
        if (directory.isEmpty()) {
            return;
        }
        int status = response.getStatus();
        JsonNode error = status >= 400 ? errorBody(response.getEntity()) : null;
        activity.note(new ScimRequestOutcome(directory.get(), clock.instant(), request.getMethod(),
                ScimRequestMetrics.resource(path), status, text(error, "scimType"), text(error, "detail"),
                request.getHeaderString(HttpHeaders.USER_AGENT)));
    }

    /** The SCIM error the client was sent, whichever form the body is held in; null if none is readable. */
    private JsonNode errorBody(Object entity) {
        try {
            if (entity instanceof JsonNode node) {
                return node;
            }
            if (entity instanceof byte[] bytes) {
                return mapper.readTree(bytes);
            }
            if (entity instanceof String text) {
                return mapper.readTree(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String text(JsonNode error, String field) {
        if (error == null || !error.hasNonNull(field)) {
            return null;
        }
        return error.get(field).asText();
    }
}
