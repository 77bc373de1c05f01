package dev.tether.audit;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every request has one id that its audit records carry: the caller's X-Request-Id when it is
 * sane, otherwise a fresh one. It is echoed in the response so a client can quote it.
 */
public class AuditRequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String ROUTING_KEY = AuditRequestIds.class.getName();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    /** The id of this request, made on first use. */
    public static String of(RoutingContext routing) {
        String id = routing.get(ROUTING_KEY);
        if (id == null) {
            HttpServerRequest request = routing.request();
            String given = request.getHeader(HEADER);
            id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            routing.put(ROUTING_KEY, id);
        }
        return id;
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response, RoutingContext routing) {
        String id = routing.get(ROUTING_KEY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
