package dev.tether.console;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The console's cookies: the session's and, per time-limited link, the secret that binds the
 * link to the browser that first opened it. Always HttpOnly, SameSite=Strict, Path=/. Over https
 * they are {@code __Host-} cookies and Secure; the quick start serves plain http on 127.0.0.1,
 * where a browser would drop a Secure cookie, so there they carry neither (docs/console.md).
 */
public final class BrowserCookies {

    static final String SESSION = "tether-session";
    static final String LINK_PREFIX = "tether-link-";
    private static final String HOST_PREFIX = "__Host-";

    private BrowserCookies() {
    }

    static boolean secure(RoutingContext routing) {
        return "https".equalsIgnoreCase(routing.request().scheme());
    }

    private static String name(RoutingContext routing, String base) {
        return secure(routing) ? HOST_PREFIX + base : base;
    }

    /** The value of a cookie of ours as this scheme names it; null when absent. */
    static String read(RoutingContext routing, String base) {
        Cookie cookie = routing.request().getCookie(name(routing, base));
        return cookie == null ? null : cookie.getValue();
    }

    static String sessionSecret(RoutingContext routing) {
        return read(routing, SESSION);
    }

    /** The secret this browser holds for the link, if any. */
    public static String linkSecret(RoutingContext routing, UUID linkId) {
        return read(routing, LINK_PREFIX + linkId);
    }

    /** Every link secret this browser sent, by cookie name: the CSRF check accepts a form tied to any of them. */
    static Map<String, String> linkSecrets(RoutingContext routing) {
        Map<String, String> out = new TreeMap<>();
        String prefix = name(routing, LINK_PREFIX);
        for (Cookie c : routing.request().cookies()) {
            if (c.getName().startsWith(prefix)) {
                out.put(c.getName(), c.getValue());
            }
        }
        return out;
    }

    /** A Set-Cookie header value for one of ours; {@code maxAge} zero removes it. */
    static String setCookie(RoutingContext routing, String base, String value, Duration maxAge) {
        StringBuilder header = new StringBuilder(name(routing, base)).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Strict; Max-Age=").append(maxAge.toSeconds());
        if (secure(routing)) {
            header.append("; Secure");
        }
        return header.toString();
    }

    static String linkCookieName(UUID linkId) {
        return LINK_PREFIX + linkId;
    }
}
