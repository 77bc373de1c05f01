package dev.tether.console;

import dev.tether.security.ConsoleSession;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The person signed in to the console for this request, as {@link BrowserPageGate} found them
 * (every /console page but sign-in has one), and the CSRF token their forms carry. Changes they
 * make take their {@code Cause} from RequestCause, which names them as actor.
 */
@RequestScoped
public class SignedIn {

    static final String KEY = ConsoleSession.class.getName();

    @Inject
    RoutingContext routing;

    public ConsoleSession session() {
        ConsoleSession session = routing.get(KEY);
        if (session == null) {
            throw new IllegalStateException("no console session: is the page marked @BrowserPage under /console?");
        }
        return session;
    }

    public String csrf() {
        return CsrfTokens.of(BrowserCookies.sessionSecret(routing));
    }

    /** The frame every console page is drawn in: title, active section, person, CSRF token. */
    public PageFrame frame(String title, String section) {
        ConsoleSession session = session();
        return new PageFrame(title, section, session.displayName(), session.operator(), csrf());
    }
}
