package dev.tether.security;

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
 * The one id of a request: the caller's {@code X-Request-Id} when it is sane, otherwise minted
 * here, once. Its log lines (MDC {@code requestId}), its audit records and its response carry
 * the same id. Quarkus keeps the MDC in the request's Vert.x context, so it follows the request
 * from the event loop to worker threads.
 */
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** The MDC key, also the key on the Vert.x request. */
    public static final String MDC_KEY = "requestId";

    // A caller's id is reused only if it cannot forge log structure or carry much data.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    /** Before authentication, so that even refused requests are logged with their id. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void take(ContainerRequestContext request, RoutingContext routing) {
        String offered = request.getHeaderString(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        routing.put(MDC_KEY, id);
        MDC.put(MDC_KEY, id);
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response, RoutingContext routing) {
        String id = routing.get(MDC_KEY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }

    /** The id {@link #take} gave this request. */
    public static String of(RoutingContext routing) {
        return routing.get(MDC_KEY);
    }
}
