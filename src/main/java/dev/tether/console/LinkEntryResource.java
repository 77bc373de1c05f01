package dev.tether.console;

import dev.tether.platform.ConsoleConfig;
import dev.tether.platform.LinksConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.ConsoleSessions;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.TimeLimitedLink;
import dev.tether.security.TimeLimitedLinks;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/**
 * Where every time-limited link lands: {@code /link/{token}}. A usable link is bound to this
 * browser (a cookie) and the browser moves on to the link's page, whose address holds no token;
 * a sign-in link instead starts an operator session and is spent. Anything else gets one plain
 * page that says the link cannot be used and nothing about what it was for.
 */
@Path("/link")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class LinkEntryResource {

    /** Who a quick-start sign-in makes: the one local operator. */
    static final String QUICK_START_SUBJECT = "quick-start-operator";

    @Inject
    TimeLimitedLinks links;

    @Inject
    ConsoleSessions sessions;

    @Inject
    RequestCause cause;

    @Inject
    ConsoleConfig consoleConfig;

    @Inject
    LinksConfig linksConfig;

    @Inject
    Pages pages;

    @Inject
    dev.tether.platform.Clock clock;

    @Inject
    RoutingContext routing;

    @GET
    @Path("{token}")
    public Response open(@PathParam("token") String token) {
        // a browser holds a secret per link it opened, in a cookie named by the link's id
        var opening = links.open(token, linkId -> BrowserCookies.linkSecret(routing, linkId), cause.get());
        return switch (opening.outcome()) {
            case FIRST_USE -> firstUse(opening.link().orElseThrow(), opening.browserSecret());
            case SAME_BROWSER -> pages.proceed("Opening", "Opening the page of this link.", landing(opening.link().orElseThrow()));
            case OTHER_BROWSER -> pages.refusal(Response.Status.FORBIDDEN, "This link cannot be used",
                    "This link was already opened in another browser, and works only there. Ask whoever sent it for a new one.");
            default -> pages.refusal(Response.Status.GONE, "This link cannot be used",
                    "This link has expired, was revoked, or was already used. Ask whoever sent it for a new one.");
        };
    }

    private Response firstUse(TimeLimitedLink link, String browserSecret) {
        if (link.kind() == LinkKind.SIGN_IN) {
            var started = sessions.start(QUICK_START_SUBJECT, "Quick-start operator", List.of(AdminRoles.OPERATOR),
                    ConsoleSessions.SignedInBy.LINK, cause.get());
            return pages.proceed("Signed in", "Opening the console.", "/console/directories",
                    BrowserCookies.setCookie(routing, BrowserCookies.SESSION, started.secret(),
                            consoleConfig.absoluteTimeout()));
        }
        Duration left = Duration.between(clock.instant(), link.expiresAt());
        return pages.proceed("Opening", "Opening the page of this link.", landing(link),
                BrowserCookies.setCookie(routing, BrowserCookies.linkCookieName(link.id()), browserSecret,
                        left.compareTo(linksConfig.maxLifetime()) > 0 ? linksConfig.maxLifetime() : left));
    }

    /** The page of a link, by kind; its address names the link, never the token. */
    static String landing(TimeLimitedLink link) {
        return switch (link.kind()) {
            case SIGN_IN -> "/console/directories";
            case SETUP -> "/setup/" + link.id();
            case PORTAL -> "/portal/" + link.id();
            case REVIEW -> "/review/" + link.id();
        };
    }
}
