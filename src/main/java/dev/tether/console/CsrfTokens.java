package dev.tether.console;

import dev.tether.security.SecretTokens;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * CSRF tokens tied to the secret a browser already holds (its session cookie, or the cookie
 * that binds a link to it): the token is SHA-256 of that secret with a purpose label, so a page
 * on another site, which can make the browser send the cookie but never read it, cannot put the
 * matching token in its form. Nothing to store; a new session gives a new token.
 */
public final class CsrfTokens {

    /** The hidden form field every form carries. */
    public static final String FIELD = "csrf";

    private CsrfTokens() {
    }

    public static String of(String cookieSecret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SecretTokens.hash("csrf:" + cookieSecret));
    }

    static boolean matches(String offered, String cookieSecret) {
        return offered != null && cookieSecret != null
                && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8),
                        of(cookieSecret).getBytes(StandardCharsets.UTF_8));
    }
}
