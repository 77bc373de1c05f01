package dev.tether.security;

import dev.tether.audit.FailedScimAuthentications;
import dev.tether.directory.AuthenticatedScimToken;
import dev.tether.directory.ScimTokens;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer authentication of every request under /scim/v2/{directoryId}/. Runs before resource
 * matching so that unknown paths are refused too, and answers every failure with the same
 * body: a caller learns nothing about whether a directory exists.
 */
public class ScimBearerAuthentication {

    static final String REALM_CHALLENGE = "Bearer realm=\"tether\"";
    static final String SCIM_MEDIA_TYPE = "application/scim+json";
    static final String UNAUTHORIZED_BODY = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
            + "\"status\":\"401\",\"detail\":\"A valid bearer token for this SCIM endpoint is required.\"}";

    private static final Pattern SCIM_PATH = Pattern.compile("^/scim/v2(?:/([^/]*)(?:/.*)?)?/?$");
    private static final String BEARER = "bearer ";

    @Inject
    ScimTokens tokens;

    @Inject
    FailedScimAuthentications failures;

    @Inject
    FailedAuthLimiter limiter;

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, RoutingContext routing) {
        String path = routing.request().path();
        if (path == null || !(path.equals("/scim") || path.startsWith("/scim/"))) {
            return Uni.createFrom().nullItem();
        }
        Optional<UUID> directoryId = directoryId(path);
        Optional<String> bearer = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        String source = source(routing);
        // Too many failures from this address or against this directory: refused before any
        // database work, unless the token is one that authenticated before.
        FailedAuthLimiter.Verdict verdict = limiter.check(source, directoryId, bearer);
        if (verdict.refused()) {
            failures.noteUnchecked(directoryId.orElse(null), source);
            return Uni.createFrom().item(tooManyFailures(verdict.retryAfterSeconds()));
        }
        if (directoryId.isEmpty()) {
            limiter.failed(source, directoryId);
            return Uni.createFrom().item(unauthorized());
        }
        UUID directory = directoryId.get();
        // A token this replica verified a moment ago is answered here, on the event loop.
        Optional<AuthenticatedScimToken> held = bearer.flatMap(b -> tokens.authenticateHeld(directory, b));
        if (held.isPresent()) {
            return Uni.createFrom().item(accept(routing, directory, bearer, source, held));
        }
        // The token lookup is blocking JDBC; this filter runs on the event loop.
        return Uni.createFrom().item(() -> check(directory, bearer, source, routing))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(authenticated -> accept(routing, directory, bearer, source, authenticated));
    }

    /**
     * On a worker thread: the token check, and on failure whether the directory exists, to count
     * it and to let its connection health show the refusal (a wrong token on a right URL).
     */
    private Optional<AuthenticatedScimToken> check(UUID directory, Optional<String> bearer, String source,
            RoutingContext routing) {
        Optional<AuthenticatedScimToken> authenticated = bearer.flatMap(b -> tokens.authenticate(directory, b));
        if (authenticated.isEmpty() && tokens.directoryExists(directory)) {
            failures.note(directory, source);
            routing.put(ScimCaller.REFUSED_KEY, directory);
        }
        return authenticated;
    }

    private Response accept(RoutingContext routing, UUID directoryId, Optional<String> bearer, String source,
            Optional<AuthenticatedScimToken> authenticated) {
        if (authenticated.isEmpty()) {
            limiter.failed(source, Optional.of(directoryId));
            return unauthorized();
        }
        limiter.succeeded(directoryId, bearer.orElseThrow());
        routing.put(ScimCaller.ROUTING_KEY, authenticated.get());
        return null;
    }

    /**
     * The directory id of a SCIM path. Paths with dot segments or encoded separators are
     * refused outright, so the id checked here is the id the router sees.
     */
    static Optional<UUID> directoryId(String rawPath) {
        String lower = rawPath.toLowerCase();
        if (lower.contains("/./") || lower.contains("/../") || lower.endsWith("/.") || lower.endsWith("/..")
                || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("\\")
                || lower.contains("//")) {
            return Optional.empty();
        }
        Matcher m = SCIM_PATH.matcher(rawPath);
        if (!m.matches() || m.group(1) == null || m.group(1).length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The caller's address as the HTTP layer sees it (behind a proxy, per quarkus.http.proxy.*). */
    private static String source(RoutingContext routing) {
        var address = routing.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    /** 429 in SCIM's error format (RFC 7644 §3.12), with the seconds until a failure is allowed again. */
    static Response tooManyFailures(long retryAfterSeconds) {
        return Response.status(429)
                .type(SCIM_MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .entity("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"429\","
                        + "\"detail\":\"Too many failed authentications from this address or for this endpoint;"
                        + " retry after " + retryAfterSeconds + " s.\"}")
                .build();
    }

    static Response unauthorized() {
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(SCIM_MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, REALM_CHALLENGE)
                .entity(UNAUTHORIZED_BODY)
                .build();
    }
}
