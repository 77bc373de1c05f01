package dev.tether.operations;

import dev.tether.security.RequestIds;
import dev.tether.security.ScimCaller;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Puts {@code directoryId} into the logging MDC beside the request id ({@link RequestIds}), so
 * every line logged while serving a request can be tied to it and its directory, and notes when
 * the request arrived for the duration metrics.
 */
public class RequestLogContext {

    public static final String REQUEST_ID_HEADER = RequestIds.HEADER;
    public static final String DIRECTORY_ID = "directoryId";
    /** When the request arrived (System.nanoTime), for duration metrics. */
    public static final String STARTED_NANOS = RequestLogContext.class.getName() + ".started";

    /** Before authentication, so that refused requests are timed too. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void start(RoutingContext routing) {
        routing.put(STARTED_NANOS, System.nanoTime());
        MDC.remove(DIRECTORY_ID);
    }

    /** After matching, hence after SCIM authentication has named the caller's directory. */
    @ServerRequestFilter
    public void authenticated(RoutingContext routing) {
        ScimCaller.authenticatedDirectory(routing).ifPresent(id -> MDC.put(DIRECTORY_ID, id.toString()));
    }
}
