package dev.tether.console;

import dev.tether.security.ConsoleSession;
import dev.tether.security.ConsoleSessions;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Runs before every {@link BrowserPage} resource. Under /console (but the sign-in pages) it
 * finds the session from its cookie, or sends the browser to sign in; an auditor's unsafe
 * request is refused (403), whatever the page. Every unsafe request must carry, in its form,
 * the CSRF token tied to a cookie the browser holds (the session's, or a link's), else 403 and
 * nothing changes. The body is read first ({@code readBody}) so the form field can be checked.
 */
public class BrowserPageGate {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    /** Pages reached before there is a session. */
    private static final Set<String> OPEN = Set.of("/console/sign-in", "/console/sign-in/oidc");

    @Inject
    ConsoleSessions sessions;

    @Inject
    Pages pages;

    @BrowserPage
    @ServerRequestFilter(readBody = true, priority = Priorities.AUTHORIZATION)
    public Optional<Response> check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        String path = routing.normalizedPath();
        boolean unsafe = !SAFE.contains(request.getMethod());
        ConsoleSession session = null;
        if (path.equals("/console") || path.startsWith("/console/") && !OPEN.contains(path)) {
            session = sessions.find(BrowserCookies.sessionSecret(routing)).orElse(null);
            if (session == null) {
                return Optional.of(unsafe
                        ? pages.refusal(Response.Status.FORBIDDEN, "Signed out",
                                "Your session has ended. Sign in again, then repeat what you were doing.")
                        : Response.seeOther(URI.create("/console/sign-in")).build());
            }
            routing.put(SignedIn.KEY, session);
        }
        if (!unsafe) {
            return Optional.empty();
        }
        if (!csrfValid(request, routing)) {
            return Optional.of(pages.refusal(Response.Status.FORBIDDEN, "Form refused",
                    "This form did not carry its security token, so nothing was changed. Reload the page and try again."));
        }
        if (session != null && !session.operator() && !path.equals("/console/sign-out")) {
            return Optional.of(pages.refusal(Response.Status.FORBIDDEN, "Not allowed",
                    "You are signed in as an auditor: you can see everything and change nothing."));
        }
        return Optional.empty();
    }

    private static boolean csrfValid(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        MediaType type = request.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return false; // pages post forms only; anything else is not one of ours
        }
        Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                .getFormParameter(CsrfTokens.FIELD, true, false);
        String offered = field instanceof org.jboss.resteasy.reactive.server.multipart.FormValue value ? value.getValue()
                : field == null ? null : field.toString();
        if (CsrfTokens.matches(offered, BrowserCookies.sessionSecret(routing))) {
            return true;
        }
        return BrowserCookies.linkSecrets(routing).values().stream().anyMatch(secret -> CsrfTokens.matches(offered, secret));
    }
}
