package dev.tether.operations;

import dev.tether.security.ScimCaller;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts {@code requestId} and {@code directoryId} into the logging MDC, so every line logged
 * while serving a request can be tied to it. Quarkus keeps the MDC in the request's Vert.x
 * context, so it follows the request from the event loop to worker threads.
 */
public class RequestLogContext {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String REQUEST_ID = "requestId";
    public static final String DIRECTORY_ID = "directoryId";
    /** When the request arrived (System.nanoTime), for duration metrics. */
    public static final String STARTED_NANOS = RequestLogContext.class.getName() + ".started";

    // A caller's id is reused only if it cannot forge log structure or carry much data.
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Before authentication, so that even refused requests are logged with their id. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void start(ContainerRequestContext request, RoutingContext routing) {
        routing.put(STARTED_NANOS, System.nanoTime());
        String offered = request.getHeaderString(REQUEST_ID_HEADER);
        String requestId = offered != null && SAFE_REQUEST_ID.matcher(offered).matches()
                ? offered : UUID.randomUUID().toString();
        routing.put(REQUEST_ID, requestId);
        MDC.put(REQUEST_ID, requestId);
        MDC.remove(DIRECTORY_ID);
    }

    /** After matching, hence after SCIM authentication has named the caller's directory. */
    @ServerRequestFilter
    public void authenticated(RoutingContext routing) {
        ScimCaller.authenticatedDirectory(routing).ifPresent(id -> MDC.put(DIRECTORY_ID, id.toString()));
    }

    @ServerResponseFilter
    public void finish(ContainerResponseContext response, RoutingContext routing) {
        String requestId = routing.get(REQUEST_ID);
        if (requestId != null) {
            response.getHeaders().putSingle(REQUEST_ID_HEADER, requestId);
        }
    }
}
