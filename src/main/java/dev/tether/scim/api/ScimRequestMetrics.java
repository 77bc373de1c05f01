package dev.tether.scim.api;

import dev.tether.operations.RequestLogContext;
import dev.tether.security.ScimCaller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts and times every SCIM request by resource, method, status and directory. Prometheus
 * names: {@code tether_scim_requests_total} and {@code tether_scim_requests_duration_seconds}.
 * Refused requests (401) are counted with directory {@code unauthenticated}.
 */
public class ScimRequestMetrics {

    public static final String REQUESTS = "tether.scim.requests";
    public static final String DURATION = "tether.scim.requests.duration";
    static final String UNAUTHENTICATED = "unauthenticated";

    // Bounded tag values: anything else is "other", so a scanner cannot inflate the series.
    private static final Set<String> RESOURCES = Set.of("Users", "Groups", "Agents", "Bulk", ".search",
            "ServiceProviderConfig", "ResourceTypes", "Schemas", "Me");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @Inject
    MeterRegistry registry;

    /** The meters of each tag combination, so a request does not build tags and look them up. */
    private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();

    private record SeriesKey(String resource, String method, int status, String directory) {
    }

    private record Series(Counter requests, Timer duration) {
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, RoutingContext routing) {
        String path = routing.request().path();
        if (path == null || !path.startsWith("/scim/")) {
            return;
        }
        String method = request.getMethod();
        SeriesKey key = new SeriesKey(resource(path), METHODS.contains(method) ? method : "other",
                response.getStatus(),
                ScimCaller.authenticatedDirectory(routing).map(Object::toString).orElse(UNAUTHENTICATED));
        Series meters = series.computeIfAbsent(key, this::register);
        meters.requests().increment();
        Long started = routing.get(RequestLogContext.STARTED_NANOS);
        if (started != null) {
            meters.duration().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Series register(SeriesKey key) {
        Tags tags = Tags.of("resource", key.resource(), "method", key.method(), "status", Integer.toString(key.status()),
                "directory", key.directory());
        return new Series(registry.counter(REQUESTS, tags), registry.timer(DURATION, tags));
    }

    /** The segment after /scim/v2/{directoryId}/, e.g. {@code Users} for /scim/v2/d/Users/42. */
    static String resource(String path) {
        String[] segments = path.split("/");
        // "", "scim", "v2", directoryId, resource, ...
        if (segments.length < 5) {
            return "other";
        }
        return RESOURCES.contains(segments[4]) ? segments[4] : "other";
    }
}
