package dev.tether.security;

import dev.tether.directory.AuthenticatedScimToken;
import dev.tether.platform.Cause;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link Cause} of the current HTTP request, made once and then the same for everything the
 * request does: the caller (the SCIM token that authenticated it, the admin JWT's subject,
 * or the person signed in to the console), the request id of {@link RequestIds}, the method and path, and one txn. Endpoints ask for it
 * and pass it down; nothing below them reads the HTTP request.
 */
@RequestScoped
public class RequestCause {

    @Inject
    RoutingContext routing;

    @Inject
    SecurityIdentity identity;

    private Cause cause;

    public Cause get() {
        if (cause == null) {
            String requestId = RequestIds.of(routing);
            cause = new Cause(actor(), requestId, routing.request().method().name(), routing.request().path(),
                    UUID.randomUUID());
        }
        return cause;
    }

    /**
     * The request's cause without asking HTTP security who called: for an endpoint whose caller
     * proves itself in the body (an incoming SET, whose Authorization header is no admin JWT and
     * must not be read as one). Actor system; the endpoint names the real one.
     */
    public Cause withoutCaller() {
        if (cause == null) {
            cause = new Cause(Cause.Actor.SYSTEM, RequestIds.of(routing), routing.request().method().name(),
                    routing.request().path(), UUID.randomUUID());
        }
        return cause;
    }

    /** The caller's address as the HTTP layer sees it (behind a proxy, per quarkus.http.proxy.*); null if unknown. */
    public String sourceAddress() {
        var address = routing.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    private Cause.Actor actor() {
        ConsoleSession session = routing.get(ConsoleSession.class.getName());
        if (session != null) {
            return Cause.Actor.console(session.subject());
        }
        Optional<AuthenticatedScimToken> token = ScimCaller.authenticated(routing);
        if (token.isPresent()) {
            return Cause.Actor.scimToken(token.get().tokenId());
        }
        if (identity != null && !identity.isAnonymous()) {
            Principal principal = identity.getPrincipal();
            // the JWT's subject, not its display name: what the operator trail has always named
            String subject = principal instanceof JsonWebToken jwt && jwt.getSubject() != null
                    ? jwt.getSubject() : principal.getName();
            return Cause.Actor.admin(subject);
        }
        return Cause.Actor.SYSTEM;
    }
}
