package dev.tether.security;

import dev.tether.directory.ScimTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets behind console sessions, time-limited links and their browser bindings: 256 random
 * bits, URL-safe, never stored; only {@link #hash} of them is. The random source is made with
 * the bean at run time, never in a static initialiser (native image).
 */
@ApplicationScoped
public class SecretTokens {

    private final SecureRandom random = new SecureRandom();

    /** A fresh secret with a readable prefix saying what it is for (e.g. {@code tl_} for a link). */
    public String mint(String prefix) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** SHA-256 of the secret's UTF-8 bytes: the one stored form, the same rule as SCIM tokens. */
    public static byte[] hash(String secret) {
        return ScimTokens.hash(secret);
    }
}
