package dev.tether.console;

import dev.tether.security.LinkKind;
import dev.tether.security.TimeLimitedLink;
import dev.tether.security.TimeLimitedLinks;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * For the pages a time-limited link opens (/setup/{linkId}, /portal/{linkId}, ...): the link, if
 * this browser may use it now (it opened the link first; not expired, not revoked), and the
 * CSRF token its forms carry. A page that gets nothing here answers with
 * {@link Pages#refusal} and names nothing about the link's object.
 */
@RequestScoped
public class LinkVisit {

    @Inject
    RoutingContext routing;

    @Inject
    TimeLimitedLinks links;

    public Optional<TimeLimitedLink> link(UUID linkId, LinkKind kind) {
        return links.usable(linkId, kind, BrowserCookies.linkSecret(routing, linkId));
    }

    /** The CSRF token for forms on this link's pages (tied to the cookie that binds the link to this browser). */
    public String csrf(UUID linkId) {
        String secret = BrowserCookies.linkSecret(routing, linkId);
        return secret == null ? "" : CsrfTokens.of(secret);
    }
}
